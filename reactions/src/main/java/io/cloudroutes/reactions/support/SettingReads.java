package io.cloudroutes.reactions.support;

import io.cloudroutes.core.plugin.SettingValues;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Readings of setting values that several reaction types share. Each returns the value it read, or null when the
 * setting is absent or refused; a value it cannot use rejects the setting with the message people see.
 */
public final class SettingReads {

    private static final Pattern ACCESS_KEY_ID = Pattern.compile("^[A-Z0-9]{16,128}$");

    private SettingReads() {}

    /** The value when the whole of it matches {@code pattern}; otherwise the setting is rejected with {@code problem}. */
    public static String matching(SettingValues values, String name, Pattern pattern, String problem) {
        String value = values.text(name);
        if (value != null && !pattern.matcher(value).matches()) {
            values.reject(name, problem);
            return null;
        }
        return value;
    }

    /** The value when it is a DNS name such as {@code www.example.com}; otherwise rejected with {@code problem}. */
    public static String dnsName(SettingValues values, String name, String problem) {
        String value = values.text(name);
        if (value != null && !RecordValues.isHostName(value)) {
            values.reject(name, problem);
            return null;
        }
        return value;
    }

    /** The {@code recordName} of a DNS failover, as it was typed (a trailing dot or none). */
    public static String recordName(SettingValues values) {
        return dnsName(values, "recordName", "Record name must be a DNS name, e.g. www.example.com");
    }

    /** The {@code accessKeyId} of an AWS IAM user or role. */
    public static String accessKeyId(SettingValues values) {
        return matching(
                values,
                "accessKeyId",
                ACCESS_KEY_ID,
                "Access key ID must be upper-case letters and digits, e.g. AKIAIOSFODNN7EXAMPLE");
    }

    /** An optional URL setting (its declared type has checked it), e.g. an endpoint override; null when absent. */
    public static URI uri(SettingValues values, String name) {
        String value = values.text(name);
        return value == null ? null : URI.create(value);
    }

    /** An API's base URL without a trailing slash, so that paths are appended to it as {@code /v2/…}. */
    public static URI baseUrl(SettingValues values, String name) {
        String value = values.text(name);
        if (value == null) {
            return null;
        }
        return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }
}
