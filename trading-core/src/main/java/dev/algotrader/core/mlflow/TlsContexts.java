package dev.algotrader.core.mlflow;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** TLS contexts for {@link MlflowEndpoint}: a PEM CA bundle, or no verification at all. */
final class TlsContexts {

    private TlsContexts() {}

    /**
     * Trusts exactly the certificates of the PEM bundle at {@code bundle} (like requests' verify).
     */
    static SSLContext fromPemBundle(Path bundle) {
        try (InputStream in = Files.newInputStream(bundle)) {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new GeneralSecurityException("no certificate in the file");
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) ks.setCertificateEntry("ca-" + i++, c);
            TrustManagerFactory tmf =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot use MLFLOW_TRACKING_SERVER_CERT_PATH="
                            + bundle
                            + " as a PEM CA bundle ("
                            + e.getMessage()
                            + "): point it at a readable PEM file of CA certificates");
        }
    }

    /**
     * Accepts any certificate and host name ({@code MLFLOW_TRACKING_INSECURE_TLS}). An {@link
     * X509ExtendedTrustManager} is where the JDK checks host names too, so this one skips both.
     */
    static SSLContext trustAll() {
        TrustManager all =
                new X509ExtendedTrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}

                    @Override
                    public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}

                    @Override
                    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

                    @Override
                    public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

                    @Override
                    public void checkClientTrusted(X509Certificate[] c, String a) {}

                    @Override
                    public void checkServerTrusted(X509Certificate[] c, String a) {}

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {all}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no TLS implementation", e);
        }
    }
}
