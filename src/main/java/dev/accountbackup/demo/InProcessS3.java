package dev.accountbackup.demo;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3 API server in this process (s3proxy over an in-memory blob store), bound to 127.0.0.1, for the fleet
 * benchmark's runs as Jobs (which need S3 storage) and the tests. Requests are signed and checked as on AWS, with the
 * one key pair given here.
 */
public final class InProcessS3 implements AutoCloseable {

    private final S3Proxy proxy;

    private InProcessS3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static InProcessS3 start(String accessKey, String secretKey) {
        try {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!"STARTED".equals(proxy.getState()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            return new InProcessS3(proxy);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process S3 server", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the in-process S3 server", e);
        }
    }
}
