package io.cloudroutes.reactions.digitalocean;

import java.net.URI;

/**
 * A digitalocean reaction's settings, read: which action to post for which droplet, and where.
 *
 * @param api    the API's base URL, without a trailing slash
 * @param action reboot or power_cycle, as the API names droplet actions
 */
record DropletAction(URI api, long dropletId, String action, String token) {

    @Override
    public String toString() {
        return "DropletAction[" + api + ", " + dropletId + ", " + action + ", ****]";
    }
}
