package io.cloudroutes.reactions;

/**
 * The SMTP server that email reactions send through (CLOUDROUTES_SMTP_HOST, _PORT, _USERNAME, _PASSWORD,
 * _STARTTLS). Without a host, mail is not sent: email runs are LOGGED, with the message they would have sent.
 */
public record SmtpSettings(String host, Integer port, String username, String password, Boolean starttls) {

    public SmtpSettings {
        port = port == null ? 25 : port;
        starttls = Boolean.TRUE.equals(starttls);
    }

    public boolean configured() {
        return host != null && !host.isBlank();
    }

    public boolean authenticated() {
        return username != null && !username.isBlank();
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", username=" + username + ", starttls=" + starttls
                + "]";
    }
}
