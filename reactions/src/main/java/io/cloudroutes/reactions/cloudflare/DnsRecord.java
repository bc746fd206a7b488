package io.cloudroutes.reactions.cloudflare;

/** One DNS record as the Cloudflare API lists it. */
record DnsRecord(String id, String name, String type, String content, int ttl, boolean proxied) {}
