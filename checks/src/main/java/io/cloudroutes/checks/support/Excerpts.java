package io.cloudroutes.checks.support;

/** The start of a text a reason repeats (a server's message, a value read), cut where the docs say and marked "…". */
public final class Excerpts {

    private Excerpts() {}

    /** {@code text} whole when it has at most {@code max} characters, else its first {@code max} and "…"; null stays null. */
    public static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
