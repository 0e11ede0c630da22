package pavel.server.ptth;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import pavel.ptth.Header;
import pavel.ptth.PtthFormatException;
import pavel.ptth.ReverseRequest;
import pavel.ptth.ReverseResponse;

/**
 * The {@code message/http} long-poll variant of PTTH.md §2.4 (TV-9): which polls want it, the reversed request as the
 * body of a poll answer, byte for byte what an upgraded socket carries ({@link ReverseWire} and Netty's request
 * encoder), and the client's answer read back from a poll body with Netty's response decoder, strictly: one complete
 * HTTP/1.1 response, {@code Content-Length} framing or no body, nothing after it. Every fault in an answer is a
 * {@link PtthFormatException} whose message says what is wrong, for the {@code 400}. Stateless and thread-safe; each
 * call decodes or encodes in its own throw-away {@link EmbeddedChannel}.
 */
final class MessageHttp {

    /** The media type of a poll answer that carries a reversed request. */
    static final String REQUEST_TYPE = "message/http; msgtype=request";
    /** The header that names the exchange, in both directions. */
    static final String MESSAGE_ID = "PTTH-Message-ID";

    /** PTTH.md §5.1.1: the limits of B's public listener, 4 KiB status line and 8 KiB of header fields. */
    private static final int MAX_STATUS_LINE = 4096;
    private static final int MAX_HEADER_BYTES = 8192;
    private static final Pattern MESSAGE_ID_FORM = Pattern.compile("[A-Za-z0-9._~:-]{1,128}");
    private static final byte[] STATUS_LINE_START = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_QUOTED = 160;
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private MessageHttp() {}

    /**
     * Whether a poll with these {@code Accept} values prefers {@code message/http} to {@code application/json}
     * (q-values honoured, RFC 9110 §12.5.1). Each type takes the weight of its most specific matching range;
     * {@code message/http} wins with a higher weight, or with an equal one when it is named explicitly and
     * JSON is not, or is named later. No {@code Accept}, {@code * /*} alone or anything unreadable keeps JSON, the
     * flavour every client speaks.
     */
    static boolean preferred(List<String> accept) {
        List<MediaType> ranges = MediaType.parseList(accept);
        Weight http = Weight.of(ranges, "message", "http");
        Weight json = Weight.of(ranges, "application", "json");
        if (http.weight() <= 0 || http.weight() < json.weight()) {
            return false;
        }
        if (http.weight() > json.weight()) {
            return true;
        }
        if (http.specificity() != json.specificity()) {
            return http.specificity() > json.specificity();
        }
        return http.specificity() == 3 && http.position() < json.position();
    }

    /**
     * The weight and place of the range that decides for one media type.
     *
     * @param weight 0 to 1000, 0 when no range matches
     * @param specificity of the deciding range, see {@link MediaType#specificity}
     * @param position of the deciding range in the {@code Accept} list
     */
    private record Weight(int weight, int specificity, int position) {
        static Weight of(List<MediaType> ranges, String type, String subtype) {
            Weight best = new Weight(0, 0, Integer.MAX_VALUE);
            for (int i = 0; i < ranges.size(); i++) {
                MediaType range = ranges.get(i);
                int specificity = range.specificity(type, subtype);
                String msgtype = range.parameter("msgtype");
                if (specificity == 3 && msgtype != null && !msgtype.equalsIgnoreCase("request")) {
                    continue; // message/http;msgtype=response does not describe a poll answer
                }
                int weight = range.weight();
                if (specificity > best.specificity() && weight >= 0) {
                    best = new Weight(weight, specificity, i);
                }
            }
            return best;
        }
    }

    /** Whether a {@code Content-Type} value names {@code message/http}, whatever its parameters. */
    static boolean isMessageHttp(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase("message/http");
    }

    /**
     * The reversed request exactly as an upgraded socket carries it: CRLF line ends, {@code Host} first and empty,
     * {@code Content-Length} when it has content, no folding (TV-1, TV-9).
     */
    static byte[] write(ReverseRequest request) {
        EmbeddedChannel encoder = new EmbeddedChannel(new HttpRequestEncoder());
        try {
            encoder.writeOutbound(ReverseWire.toHttp(request));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object chunk = encoder.readOutbound(); chunk != null; chunk = encoder.readOutbound()) {
                ByteBuf bytes = (ByteBuf) chunk;
                try {
                    byte[] copy = new byte[bytes.readableBytes()];
                    bytes.readBytes(copy);
                    out.writeBytes(copy);
                } finally {
                    bytes.release();
                }
            }
            return out.toByteArray();
        } finally {
            encoder.finishAndReleaseAll();
        }
    }

    /**
     * Checks the {@code Content-Type} of a poll that carries a {@code message/http} answer: {@code msgtype}, if
     * given, must be {@code response} (RFC 9112 §10.1 makes it optional; the status line tells then).
     *
     * @throws PtthFormatException if the value is malformed or names a request
     */
    static void checkAnswerType(String contentType) {
        MediaType type = MediaType.parse(contentType);
        if (type == null) {
            throw new PtthFormatException("Content-Type '" + quoted(contentType) + "' is not a well-formed media type.");
        }
        String msgtype = type.parameter("msgtype");
        if (msgtype != null && !msgtype.equalsIgnoreCase("response")) {
            throw new PtthFormatException("A poll carries a response: Content-Type must say msgtype=response, not msgtype="
                    + quoted(msgtype) + ".");
        }
    }

    /**
     * The message id a {@code message/http} answer names in its {@code PTTH-Message-ID} header.
     *
     * @param values every {@code PTTH-Message-ID} value of the poll
     * @throws PtthFormatException if there is none, more than one, or it is not a message id
     */
    static String messageId(List<String> values) {
        if (values.isEmpty()) {
            throw new PtthFormatException("A message/http answer needs a PTTH-Message-ID header naming the request it answers.");
        }
        if (values.size() > 1) {
            throw new PtthFormatException("A message/http answer carries one PTTH-Message-ID header, not " + values.size() + ".");
        }
        String id = values.getFirst().trim();
        if (!MESSAGE_ID_FORM.matcher(id).matches()) {
            throw new PtthFormatException("PTTH-Message-ID '" + quoted(id) + "' must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ : -.");
        }
        return id;
    }

    /**
     * The answer a poll body carries: exactly one complete HTTP/1.1 response with a final status, its body framed by
     * {@code Content-Length} or absent, nothing after it. Framing fields are left out of the result, the body is read
     * as UTF-8 (as on an upgraded socket).
     *
     * @param messageId the exchange it answers, from {@link #messageId}
     * @param envelope the poll body, already checked against the answer size limit
     * @throws PtthFormatException naming what is wrong with the envelope
     */
    static ReverseResponse readResponse(String messageId, byte[] envelope) {
        if (!startsWithStatusLine(envelope)) {
            throw new PtthFormatException("The body must be an HTTP/1.1 response and start with 'HTTP/1.1 ', but starts with '"
                    + printable(envelope, 16) + "'.");
        }
        int headEnd = indexOf(envelope, HEAD_END);
        if (headEnd >= 0) {
            checkFieldLines(envelope, headEnd);
        }
        EmbeddedChannel decoder = new EmbeddedChannel(new HttpResponseDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_STATUS_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxChunkSize(Math.max(envelope.length, 1))
                .setAllowDuplicateContentLengths(false)
                .setStrictLineParsing(true)));
        List<Object> decoded = new ArrayList<>();
        try {
            decoder.writeInbound(Unpooled.wrappedBuffer(envelope));
            decoder.finish(); // the envelope's end is the end of the stream: a short body shows as truncated
            for (Object message = decoder.readInbound(); message != null; message = decoder.readInbound()) {
                decoded.add(message);
            }
            return assemble(messageId, decoded, headEnd < 0 ? -1 : envelope.length - headEnd - HEAD_END.length);
        } catch (DecoderException e) {
            throw new PtthFormatException("The body is not a readable HTTP/1.1 response: " + describe(e) + ".");
        } finally {
            decoded.forEach(ReferenceCountUtil::release);
            decoder.finishAndReleaseAll();
        }
    }

    /**
     * The answer from what the decoder made of the envelope.
     *
     * @param afterHead the number of bytes after the head's empty line, which must all be body; -1 if the envelope has
     *     no CRLF CRLF
     */
    private static ReverseResponse assemble(String messageId, List<Object> decoded, int afterHead) {
        if (decoded.isEmpty() || !(decoded.getFirst() instanceof HttpResponse head)) {
            throw new PtthFormatException("The body ends inside the status line; it holds no complete HTTP/1.1 response.");
        }
        failIfBroken(head.decoderResult());
        if (afterHead < 0) {
            throw new PtthFormatException("The head must end with an empty line, CRLF CRLF.");
        }
        if (!HttpVersion.HTTP_1_1.equals(head.protocolVersion())) {
            throw new PtthFormatException("The response must be HTTP/1.1, not " + head.protocolVersion().text() + ".");
        }
        int status = head.status().code();
        if (status < 200 || status > 599) {
            throw new PtthFormatException("Status " + status + " is not a final status (200 to 599); the envelope carries "
                    + "exactly the final response.");
        }
        String declared = head.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete = false;
        int next = 1;
        while (next < decoded.size() && !complete) {
            if (!(decoded.get(next) instanceof HttpContent content)) {
                break;
            }
            failIfBroken(content.decoderResult());
            body.writeBytes(ByteBufUtil.getBytes(content.content()));
            complete = content instanceof LastHttpContent;
            next++;
        }
        if (!complete) {
            throw new PtthFormatException("The response is truncated: its body has " + body.size() + " bytes"
                    + (declared == null ? "" : " but Content-Length says " + declared) + ".");
        }
        if (next < decoded.size()) {
            Object extra = decoded.get(next);
            throw new PtthFormatException(extra instanceof HttpObject object && object.decoderResult().isFailure()
                    ? "Bytes follow the response that are not part of it: " + describe(object.decoderResult().cause()) + "."
                    : "The body holds more than one message; a message/http answer is exactly one response.");
        }
        if (afterHead != body.size()) {
            // The decoder skips blank lines between messages and keeps bytes that do not end a line to itself,
            // so the lengths must add up: head, empty line, body, nothing else.
            throw new PtthFormatException((afterHead - body.size()) + " bytes follow the response; a message/http "
                    + "answer is exactly one response.");
        }
        if (declared == null && body.size() > 0) {
            throw new PtthFormatException("The response has " + body.size() + " body bytes but no Content-Length; frame "
                    + "the body with Content-Length or send none.");
        }
        return new ReverseResponse(messageId, head.protocolVersion().text(), status, head.status().reasonPhrase(),
                headers(head), body.toString(StandardCharsets.UTF_8));
    }

    private static List<Header> headers(HttpResponse head) {
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, String> field : head.headers()) {
            Header header = new Header(field.getKey(), field.getValue());
            if (!header.isFraming()) {
                headers.add(header);
            }
        }
        return headers;
    }

    private static void failIfBroken(DecoderResult result) {
        if (result.isFailure()) {
            throw new PtthFormatException("The body is not a well-formed HTTP/1.1 response: " + describe(result.cause()) + ".");
        }
    }

    private static String describe(@Nullable Throwable cause) {
        if (cause == null) {
            return "unknown fault";
        }
        if (cause instanceof PrematureChannelClosureException) {
            return "the head ends before the empty line that closes it";
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        // Netty quotes the offending value; a sentence for the client quotes its start only.
        return message.length() <= MAX_QUOTED ? message : message.substring(0, MAX_QUOTED) + "...";
    }

    /**
     * RFC 9112 §5.1 and §5.2, which Netty's response decoder is lenient about: a field name is a token directly
     * followed by the colon, and no line is folded.
     */
    private static void checkFieldLines(byte[] envelope, int headEnd) {
        String head = new String(envelope, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n", -1);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                throw new PtthFormatException("Header line " + i + " is folded (starts with white space); obsolete line "
                        + "folding is not allowed.");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, colon)) {
                throw new PtthFormatException("Header line " + i + " ('" + printable(line.getBytes(StandardCharsets.ISO_8859_1), 40)
                        + "') is not a field name (a token) followed directly by ':'.");
            }
            // Looked for here, not after decoding: Netty drops the field from a 1xx, 204 or 304 response.
            if (line.regionMatches(true, 0, "Transfer-Encoding", 0, colon) && colon == "Transfer-Encoding".length()) {
                throw new PtthFormatException("Transfer-Encoding is not allowed inside the envelope (chunked framing "
                        + "is refused); frame the body with Content-Length.");
            }
        }
    }

    /** The start of a value the client sent, for a sentence. */
    private static String quoted(String value) {
        return printable(value.getBytes(StandardCharsets.ISO_8859_1), 60) + (value.length() > 60 ? "..." : "");
    }

    private static boolean isToken(String line, int end) {
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            boolean alphaNumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphaNumeric && TCHAR_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean startsWithStatusLine(byte[] envelope) {
        if (envelope.length < STATUS_LINE_START.length) {
            return false;
        }
        for (int i = 0; i < STATUS_LINE_START.length; i++) {
            if (envelope[i] != STATUS_LINE_START[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code max} bytes with anything outside printable ASCII escaped, for a sentence. */
    private static String printable(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(max, bytes.length); i++) {
            int b = bytes[i] & 0xff;
            if (b == '\r') {
                out.append("\\r");
            } else if (b == '\n') {
                out.append("\\n");
            } else if (b < 0x20 || b >= 0x7f || b == '\'' || b == '\\') {
                out.append("\\x").append(HexFormat.of().toHexDigits((byte) b));
            } else {
                out.append((char) b);
            }
        }
        return out.toString();
    }
}
