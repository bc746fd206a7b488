package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.store.statuspage.IncidentState;

/** The form to open an incident, or to post an update of one (title optional then). */
public class IncidentForm {

    private String title = "";
    /** As posted: a state's name, read in {@link #draft()} so that a wrong one is a field error, not a binding fault. */
    private String state = IncidentState.INVESTIGATING.name();

    private String body = "";

    public IncidentForm() {}

    IncidentDraft draft() {
        IncidentState chosen = java.util.Arrays.stream(IncidentState.values())
                .filter(s -> s.name().equalsIgnoreCase(state == null ? "" : state.trim()))
                .findFirst()
                .orElse(null);
        return new IncidentDraft(title, chosen, body);
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }
}
