package io.github.viewcache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate authorities a {@code rediss://} connection trusts when {@code redis-ca-file}
 * names them (a PEM file, as Redis's own {@code tls-ca-cert-file}): a private CA for one web
 * application, without changing the whole JVM's trust store. Read once at {@code init()}.
 */
final class RedisTrust {

    /** The file, as given: what settings are compared and shown by. */
    final String file;
    final SSLSocketFactory sockets;

    private RedisTrust(String file, SSLSocketFactory sockets) {
        this.file = file;
        this.sockets = sockets;
    }

    /** @throws IllegalArgumentException saying why the file cannot be used */
    static RedisTrust load(String file) {
        Path path = Paths.get(file);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("[" + file + "] is not a readable file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("[" + file + "] holds no certificate");
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return new RedisTrust(file, tls.getSocketFactory());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("[" + file + "] is not a PEM file of certificates (" + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return file;
    }
}
