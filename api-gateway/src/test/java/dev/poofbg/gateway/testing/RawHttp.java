package dev.poofbg.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for what ordinary clients will not send: oversized declared bodies
 * streamed without buffering, endless chunked bodies, over-long request lines and headers.
 */
public final class RawHttp {

    public record Answer(int status, String head, String body, long bodyBytesSent) {
    }

    private static final long SEND_DEADLINE_MILLIS = 60_000;

    private RawHttp() {
    }

    /** Sends the head, then up to bodyBytes of filler (chunked if asked) until the server answers. */
    public static Answer send(int port, String head, long bodyBytes, boolean chunked) throws IOException {
        return send(port, head, new byte[0], bodyBytes, chunked);
    }

    /** As above, with the body starting with prefix (e.g. a multipart part's headers). */
    public static Answer send(int port, String head, byte[] prefix, long bodyBytes, boolean chunked)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            // A server that answers but neither reads nor closes would block the sending loop forever: after
            // the deadline the sending side is shut, which ends a blocked write, and the answer is read.
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(SEND_DEADLINE_MILLIS);
                    socket.shutdownOutput();
                } catch (InterruptedException | IOException e) {
                    // sending ended in time, or the socket is gone
                }
            }, "raw-http-send-deadline");
            watchdog.setDaemon(true);
            watchdog.start();
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] chunk = new byte[64 * 1024];
            long sent = 0;
            try {
                if (prefix.length > 0) {
                    if (chunked) {
                        out.write((Integer.toHexString(prefix.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(prefix);
                        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    } else {
                        out.write(prefix);
                    }
                    sent += prefix.length;
                }
                while (sent < bodyBytes && in.available() == 0) {
                    int n = (int) Math.min(chunk.length, bodyBytes - sent);
                    if (chunked) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(chunk, 0, n);
                        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    } else {
                        out.write(chunk, 0, n);
                    }
                    sent += n;
                }
                if (chunked && sent >= bodyBytes) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.flush();
            } catch (IOException closedByServer) {
                // The server answered and closed while we were still sending: read what it said.
            }
            watchdog.interrupt();
            return read(in, sent);
        }
    }

    private static Answer read(InputStream in, long sent) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] bytes = new byte[8192];
        try {
            int n;
            while ((n = in.read(bytes)) >= 0) {
                buffer.write(bytes, 0, n);
                String text = buffer.toString(StandardCharsets.ISO_8859_1);
                int split = text.indexOf("\r\n\r\n");
                if (split >= 0 && complete(text, split)) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // use what arrived
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            throw new IOException("no HTTP answer, got: " + text);
        }
        String head = text.substring(0, split);
        int status = Integer.parseInt(head.substring(9, 12));
        return new Answer(status, head, text.substring(split + 4), sent);
    }

    private static boolean complete(String text, int split) {
        String head = text.substring(0, split).toLowerCase();
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        int end = head.indexOf("\r\n", at);
        long length = Long.parseLong(head.substring(at + 15, end < 0 ? head.length() : end).trim());
        return text.length() - split - 4 >= length;
    }
}
