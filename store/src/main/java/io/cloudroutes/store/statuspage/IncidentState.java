package io.cloudroutes.store.statuspage;

/** Where an incident stands, as its latest update says. */
public enum IncidentState {
    INVESTIGATING("Investigating"),
    IDENTIFIED("Identified"),
    MONITORING("Monitoring"),
    RESOLVED("Resolved");

    private final String label;

    IncidentState(String label) {
        this.label = label;
    }

    /** The word visitors read. */
    public String label() {
        return label;
    }
}
