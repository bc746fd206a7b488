package io.cloudroutes.reactions;

/**
 * What a reaction found when it checked, after a run, that the run took effect: whether it did, and what it saw, in
 * words a person reads on the run ("web/a is now drain (…)", "www.example.com. A answers 192.0.2.10, the standby").
 */
public record Verification(boolean passed, String detail) {

    public Verification {
        if (detail == null || detail.isBlank()) {
            throw new IllegalArgumentException("a verification says what it saw");
        }
    }

    public static Verification passed(String detail) {
        return new Verification(true, detail);
    }

    public static Verification failed(String detail) {
        return new Verification(false, detail);
    }
}
