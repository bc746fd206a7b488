package io.cloudroutes.checks.push;

/**
 * One URL a sender calls, as a monitor's page lists it.
 *
 * @param label  what it is for, e.g. {@code Datadog webhook URL}
 * @param method the HTTP methods it takes, e.g. {@code POST} or {@code GET or POST}
 * @param url    the whole URL
 */
public record PushUrl(String label, String method, String url) {}
