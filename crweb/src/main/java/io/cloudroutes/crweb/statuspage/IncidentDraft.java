package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.store.statuspage.IncidentState;

/** An incident, or an update of one, as submitted: the title (optional on an update), its new state, and the text. */
record IncidentDraft(String title, IncidentState state, String body) {}
