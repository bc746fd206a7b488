package io.cloudroutes.core.plugin;

/**
 * The kind of value a plugin setting holds; decides the form control, the basic validation and how long a value may
 * be unless the setting declares its own limit ({@link Setting#maxLength()}).
 */
public enum SettingType {
    /** One line of free text. */
    TEXT(1_000),
    /** Several lines of free text, e.g. a body template or a list of values, one per line. */
    TEXTAREA(16 * 1024),
    /** HTTP headers, one "Name: value" per line. */
    HEADERS(8 * 1024),
    /** An absolute http or https URL. */
    URL(2_048),
    /** A host name or IP address, without scheme or port (a DNS name has at most 253 characters). */
    HOST(253),
    /** A whole number within the setting's min and max. */
    INTEGER(20),
    /** true or false. */
    BOOLEAN(5),
    /** An email address, or several separated by commas. */
    EMAIL(1_000),
    /** One of the setting's options. */
    CHOICE(100);

    private final int defaultMaxLength;

    SettingType(int defaultMaxLength) {
        this.defaultMaxLength = defaultMaxLength;
    }

    /** How many characters a value of this type may have when its setting declares no limit of its own. */
    public int defaultMaxLength() {
        return defaultMaxLength;
    }
}
