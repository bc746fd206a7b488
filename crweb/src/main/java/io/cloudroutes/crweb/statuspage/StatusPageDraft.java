package io.cloudroutes.crweb.statuspage;

import java.util.List;

/**
 * A status page as a person submitted it, from the form or the API; {@link StatusPageService} checks it whole.
 *
 * @param customDomain null or blank: none
 * @param groups       in the order shown, each with its monitors in order
 */
record StatusPageDraft(
        String slug,
        String title,
        String description,
        String customDomain,
        String timeZone,
        boolean published,
        List<GroupDraft> groups) {

    /** A group as submitted. */
    record GroupDraft(String name, List<Long> monitorIds) {

        GroupDraft {
            monitorIds = monitorIds == null ? List.of() : List.copyOf(monitorIds);
        }
    }

    StatusPageDraft {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
