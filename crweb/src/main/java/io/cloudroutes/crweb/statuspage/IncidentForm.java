package io.cloudroutes.crweb.statuspage;

import io.cloudroutes.store.statuspage.IncidentState;

/** The form to open an incident, or to post an update of one (title optional then). */
public class IncidentForm {

    private String title = "";
    private IncidentState state = IncidentState.INVESTIGATING;
    private String body = "";

    public IncidentForm() {}

    IncidentDraft draft() {
        return new IncidentDraft(title, state, body);
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public IncidentState getState() {
        return state;
    }

    public void setState(IncidentState state) {
        this.state = state;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }
}
