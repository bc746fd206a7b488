package io.cloudroutes.checks.tls;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckGroups;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.checks.support.Targets;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import io.cloudroutes.core.plugin.Settings;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Connects with TLS and fails when the server's certificate expires within a minimum number of days. */
public final class TlsExpiryCheckType implements PolledCheckType {

    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    private static final List<Setting> SETTINGS = List.of(
            Setting.of("host", "Host", SettingType.HOST)
                    .asRequired()
                    .help("Host name or IP address, e.g. shop.example.com"),
            Setting.of("port", "Port", SettingType.INTEGER).range(1, 65535).withDefault("443"),
            Setting.of("serverName", "Server name (SNI)", SettingType.HOST)
                    .help("Optional name to ask the server for, when it differs from the host; default: the host"),
            Setting.of("minDaysLeft", "Minimum days left", SettingType.INTEGER)
                    .range(0, 3650)
                    .withDefault("14")
                    .help("FAILED when the certificate expires in fewer days than this"));

    private final Clock clock;
    private final X509ExtendedTrustManager trust;

    public TlsExpiryCheckType() {
        this(Clock.systemUTC(), defaultTrust());
    }

    /** With a clock and a trust store of the caller's choosing; for tests. */
    TlsExpiryCheckType(Clock clock, X509ExtendedTrustManager trust) {
        this.clock = clock;
        this.trust = trust;
    }

    @Override
    public String id() {
        return "tls-expiry";
    }

    @Override
    public String name() {
        return "TLS certificate expiry";
    }

    @Override
    public String description() {
        return "Connects with TLS and fails when the server's certificate expires within a number of days.";
    }

    @Override
    public PluginGroup group() {
        return CheckGroups.NETWORK;
    }

    @Override
    public int rank() {
        return 40;
    }

    /** {@code shop.example.com:443}, with the server name asked for when it differs from the host. */
    @Override
    public String target(Map<String, String> settings) {
        String serverName = settings.get("serverName");
        return Targets.hostPort(settings.get("host"), settings.getOrDefault("port", "443"))
                + (serverName == null || serverName.isBlank() ? "" : " (SNI " + serverName.trim() + ")");
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Map<String, String> validate(Map<String, String> values) {
        Map<String, String> errors = Settings.validate(SETTINGS, values);
        String serverName = values.get("serverName");
        if (serverName != null && !serverName.isBlank() && !errors.containsKey("serverName")) {
            if (isIpAddress(serverName.trim())) {
                errors.put(
                        "serverName",
                        "Server name (SNI) must be a host name: TLS does not send IP addresses as"
                                + " server names; leave it empty to connect by address without one");
            } else {
                try {
                    new SNIHostName(serverName.trim());
                } catch (IllegalArgumentException e) {
                    errors.put("serverName", "Server name (SNI) must be a host name like shop.example.com");
                }
            }
        }
        return errors;
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        return new TlsExpiryCheck(TlsExpiryCheck.Config.from(settings), clock, trust, services.egress());
    }

    static boolean isIpAddress(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    /** The JVM's default trust store (its cacerts, or javax.net.ssl.trustStore when set). */
    private static X509ExtendedTrustManager defaultTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return Arrays.stream(factory.getTrustManagers())
                    .filter(X509ExtendedTrustManager.class::isInstance)
                    .map(X509ExtendedTrustManager.class::cast)
                    .findFirst()
                    .orElseThrow(() ->
                            new IllegalStateException("the JVM's trust manager is not an X509ExtendedTrustManager"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not load the JVM's trust store", e);
        }
    }
}
