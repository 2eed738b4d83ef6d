package io.syncmaster.worker.runner.connector.file.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.HttpClientBuilder;

import com.github.sardine.DavResource;
import com.github.sardine.impl.SardineException;
import com.github.sardine.impl.SardineImpl;
import com.github.sardine.impl.SardineRedirectStrategy;

import io.syncmaster.worker.runner.failure.FailureSide;

/**
 * WebDAV through Sardine (Apache HttpClient 4): basic authentication sent preemptively (a streamed PUT body cannot
 * be replayed after a 401 challenge), PROPFIND depth 1 for listings, MOVE without overwrite for renames.
 * TLS certificates and host names are not checked unless {@link VerificationSettings#verifyCertificates()} is on
 * (upstream passes {@code ssl_verify=False}).
 */
final class WebDavFileSystem extends RemoteFileSystemBase {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int SOCKET_TIMEOUT_MILLIS = (int) Duration.ofMinutes(2).toMillis();

    private final SardineImpl sardine;
    private final WebDavConfig config;

    private WebDavFileSystem(SardineImpl sardine, WebDavConfig config, RemoteFailures failures) {
        super(failures);
        this.sardine = sardine;
        this.config = config;
    }

    static WebDavFileSystem connect(WebDavConfig config, VerificationSettings verification, FailureSide side) {
        RemoteFailures failures = new RemoteFailures(side, config.baseUrl(), config.credentials());
        SardineImpl sardine;
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {TlsTrust.trustManager(verification)}, new SecureRandom());
            HttpClientBuilder builder = HttpClientBuilder.create()
                    .setSSLSocketFactory(new SSLConnectionSocketFactory(tls, verification.verifyCertificates()
                            ? new DefaultHostnameVerifier() : NoopHostnameVerifier.INSTANCE))
                    .setDefaultRequestConfig(RequestConfig.custom()
                            .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                            .setSocketTimeout(SOCKET_TIMEOUT_MILLIS)
                            .build())
                    // Sardine's own strategy also follows redirects of PROPFIND, MOVE, ... (a collection without '/')
                    .setRedirectStrategy(new SardineRedirectStrategy())
                    .disableContentCompression();
            sardine = new SardineImpl(builder, config.credentials().user(), config.credentials().password());
            sardine.enablePreemptiveAuthentication(config.host(), config.port(), config.port());
        } catch (GeneralSecurityException | IOException e) {
            throw failures.fail("cannot set up the HTTP client", e);
        }
        WebDavFileSystem fs = new WebDavFileSystem(sardine, config, failures);
        try {
            sardine.list(fs.url("/"), 0);
        } catch (IOException e) {
            fs.close();
            if (e instanceof SardineException http && http.getStatusCode() == 401) {
                throw failures.authenticationFailed(config.credentials(), null);
            }
            if (TlsTrust.isTlsFailure(e)) {
                throw failures.fail("TLS handshake failed"
                        + (verification.verifyCertificates() ? " (certificate verification is on)" : ""), e);
            }
            throw failures.fail("cannot connect", e);
        }
        return fs;
    }

    @Override
    public List<RemoteFile> list(String directory) {
        String dir = RemotePaths.normalize(directory);
        List<DavResource> resources;
        try {
            resources = sardine.list(url(dir) + (dir.equals("/") ? "" : "/"), 1);
        } catch (IOException e) {
            if (isNotFound(e)) {
                throw failures.fail("directory " + dir + " does not exist");
            }
            throw failures.fail("cannot list " + dir, e);
        }
        List<RemoteFile> result = new ArrayList<>();
        for (DavResource resource : resources) {
            RemoteFile file = toRemoteFile(resource);
            if (file.path().equals(dir)) {
                if (!file.directory()) {
                    throw failures.fail(dir + " is a file, not a directory");
                }
            } else {
                result.add(file);
            }
        }
        return result;
    }

    @Override
    public Optional<RemoteFile> stat(String path) {
        String normalized = RemotePaths.normalize(path);
        try {
            List<DavResource> resources = sardine.list(url(normalized), 0);
            return resources.isEmpty() ? Optional.empty() : Optional.of(toRemoteFile(resources.get(0)));
        } catch (IOException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failures.fail("cannot stat " + normalized, e);
        }
    }

    @Override
    public void download(String path, OutputStream target) {
        try (InputStream in = sardine.get(url(path))) {
            Streams.copy(in, target);
        } catch (IOException e) {
            throw failures.fail("cannot download " + path, e);
        }
    }

    @Override
    public void upload(InputStream content, long length, String path) {
        try {
            sardine.put(url(path), content, "application/octet-stream", true, length);
        } catch (IOException e) {
            throw failures.fail("cannot upload " + path, e);
        }
    }

    @Override
    public void rename(String from, String to) {
        try {
            sardine.move(url(from), url(to), false);
        } catch (IOException e) {
            throw failures.fail("cannot rename " + from + " to " + to, e);
        }
    }

    @Override
    public void delete(String path) {
        String normalized = RemotePaths.normalize(path);
        try {
            boolean directory = stat(normalized).map(RemoteFile::directory).orElse(false);
            sardine.delete(url(normalized) + (directory ? "/" : ""));
        } catch (IOException e) {
            throw failures.fail("cannot delete " + normalized, e);
        }
    }

    @Override
    protected void makeDirectory(String directory) {
        try {
            sardine.createDirectory(url(directory) + "/");
        } catch (IOException e) {
            throw failures.fail("cannot create directory " + directory, e);
        }
    }

    @Override
    public void close() {
        try {
            sardine.shutdown();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
    }

    /** The URL of a remote path, each segment percent-encoded. */
    private String url(String path) {
        try {
            return new URI(config.protocol(), null, config.host(), config.port(), RemotePaths.normalize(path), null,
                    null).toASCIIString();
        } catch (URISyntaxException e) {
            throw failures.fail("invalid path " + path, e);
        }
    }

    private static boolean isNotFound(IOException e) {
        return e instanceof SardineException http && http.getStatusCode() == 404;
    }

    private static RemoteFile toRemoteFile(DavResource resource) {
        Instant modified = resource.getModified() != null ? resource.getModified().toInstant() : Instant.EPOCH;
        Long length = resource.getContentLength();
        return new RemoteFile(RemotePaths.normalize(resource.getPath()),
                resource.isDirectory() || length == null || length < 0 ? 0 : length, modified, resource.isDirectory());
    }
}
