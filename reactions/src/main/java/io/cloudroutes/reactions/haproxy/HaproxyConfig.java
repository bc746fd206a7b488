package io.cloudroutes.reactions.haproxy;

/**
 * A haproxy reaction's settings, read: where the runtime API listens and which server of which backend to take out.
 *
 * @param mode the state on failure, drain or maint
 */
record HaproxyConfig(RuntimeApiAddress address, String backend, String server, String mode) {}
