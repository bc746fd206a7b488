package io.cloudroutes.core.plugin;

/** The kind of value a plugin setting holds; decides the form control and the basic validation. */
public enum SettingType {
    /** One line of free text. */
    TEXT,
    /** Several lines of free text, e.g. a body template or a list of headers, one per line. */
    TEXTAREA,
    /** HTTP headers, one "Name: value" per line. */
    HEADERS,
    /** An absolute http or https URL. */
    URL,
    /** A host name or IP address, without scheme or port. */
    HOST,
    /** A whole number within the setting's min and max. */
    INTEGER,
    /** true or false. */
    BOOLEAN,
    /** An email address, or several separated by commas. */
    EMAIL,
    /** One of the setting's options. */
    CHOICE
}
