package io.cloudroutes.checks.http;

/**
 * Text for a regular expression to search that stops the search once the searching thread is interrupted: a pattern
 * that backtracks badly over a large body would otherwise keep a CPU busy long after the check gave up on it.
 */
final class DeadlineText implements CharSequence {

    /** The search was abandoned because its thread was interrupted (the check's deadline passed). */
    static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("search abandoned at the deadline", null, false, false);
        }
    }

    private static final int CHECK_EVERY = 4096;

    private final String text;
    private int reads;

    DeadlineText(String text) {
        this.text = text;
    }

    @Override
    public char charAt(int index) {
        if (++reads % CHECK_EVERY == 0 && Thread.currentThread().isInterrupted()) {
            throw new Abandoned();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }
}
