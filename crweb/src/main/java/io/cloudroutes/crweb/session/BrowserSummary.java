package io.cloudroutes.crweb.session;

import java.util.Locale;

/** A User-Agent header as a person recognises their browser: "Firefox on Linux", "Safari on iOS". */
final class BrowserSummary {

    private BrowserSummary() {}

    static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown browser";
        }
        String agent = userAgent.toLowerCase(Locale.ROOT);
        String browser = browser(agent);
        String system = system(agent);
        if (browser == null) {
            // not a browser we know: its own first word says more than "unknown"
            String first = userAgent.strip().split("[\\s/;(]", 2)[0];
            browser = first.isEmpty() ? "Unknown browser" : first;
        }
        return system == null ? browser : browser + " on " + system;
    }

    // the order matters: Edge and Opera also say Chrome, Chrome also says Safari
    private static String browser(String agent) {
        if (agent.contains("edg/") || agent.contains("edge/")) {
            return "Edge";
        }
        if (agent.contains("opr/") || agent.contains("opera")) {
            return "Opera";
        }
        if (agent.contains("firefox/") || agent.contains("fxios/")) {
            return "Firefox";
        }
        if (agent.contains("chromium/")) {
            return "Chromium";
        }
        if (agent.contains("chrome/") || agent.contains("crios/")) {
            return "Chrome";
        }
        if (agent.contains("safari/")) {
            return "Safari";
        }
        return null;
    }

    private static String system(String agent) {
        if (agent.contains("android")) {
            return "Android";
        }
        if (agent.contains("iphone") || agent.contains("ipad")) {
            return "iOS";
        }
        if (agent.contains("windows")) {
            return "Windows";
        }
        if (agent.contains("mac os x") || agent.contains("macintosh")) {
            return "macOS";
        }
        if (agent.contains("cros")) {
            return "ChromeOS";
        }
        if (agent.contains("linux")) {
            return "Linux";
        }
        return null;
    }
}
