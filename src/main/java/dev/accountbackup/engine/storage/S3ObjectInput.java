package dev.accountbackup.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of a GetObject. Closing it before the end drops the connection instead of reading the
 * rest of a possibly multi-gigabyte object just to reuse the connection.
 */
final class S3ObjectInput extends InputStream {

    private final ResponseInputStream<GetObjectResponse> in;
    private final String uri;
    private boolean atEnd;

    S3ObjectInput(ResponseInputStream<GetObjectResponse> in, String uri) {
        this.in = in;
        this.uri = uri;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = in.read();
            atEnd |= b < 0;
            return b;
        } catch (SdkException e) {
            throw failed(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in.read(b, off, len);
            atEnd |= n < 0;
            return n;
        } catch (SdkException e) {
            throw failed(e);
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        if (!atEnd) {
            in.abort();
        }
        try {
            in.close();
        } catch (SdkException e) {
            throw failed(e);
        }
    }

    /** SDK checks, such as a response checksum that does not match, surface as I/O failures of the stream. */
    private IOException failed(SdkException e) {
        return new IOException("reading " + uri + " failed: " + e.getMessage(), e);
    }
}
