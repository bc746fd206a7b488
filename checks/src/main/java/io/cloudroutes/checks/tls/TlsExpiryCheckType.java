package io.cloudroutes.checks.tls;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckGroups;
import io.cloudroutes.checks.CheckServices;
import io.cloudroutes.checks.PolledCheckType;
import io.cloudroutes.checks.support.Targets;
import io.cloudroutes.core.plugin.Parsed;
import io.cloudroutes.core.plugin.PluginGroup;
import io.cloudroutes.core.plugin.Setting;
import io.cloudroutes.core.plugin.SettingType;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Connects with TLS and fails when the server's certificate expires within a minimum number of days. */
public final class TlsExpiryCheckType implements PolledCheckType {

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
    public Parsed<TlsExpiryCheck.Config> parse(Map<String, String> values) {
        return Parsed.read(SETTINGS, values, TlsExpiryCheck.Config::read);
    }

    @Override
    public Check create(Map<String, String> settings, CheckServices services) {
        TlsExpiryCheck.Config config = parse(settings).orThrow();
        return new TlsExpiryCheck(config, clock, trust, services.egress());
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
