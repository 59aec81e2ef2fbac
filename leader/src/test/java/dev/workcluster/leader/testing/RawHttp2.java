package dev.workcluster.leader.testing;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2HeadersFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ResetFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2StreamChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.grpc.netty.shaded.io.netty.util.ReferenceCountUtil;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A bare HTTP/2 client (grpc-java's own Netty, no gRPC on top) that sends a gRPC request as
 * given, the 5-byte frame header of each message included, so a test can send what no gRPC
 * library would: a length prefix that lies, reserved flag bits, a compressed flag with no
 * encoding, a body that ends mid-message.
 */
public final class RawHttp2 implements AutoCloseable {
    private final EventLoopGroup loop = new NioEventLoopGroup(1);
    private final Channel connection;

    /** How the server ended the stream: the HTTP status, grpc-status and grpc-message, or its reset. */
    public record Answer(String httpStatus, String grpcStatus, String grpcMessage, Long resetCode) {}

    public RawHttp2(int port) throws InterruptedException {
        connection = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast(
                                        Http2FrameCodecBuilder.forClient().build(),
                                        new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                })
                .connect("127.0.0.1", port)
                .sync()
                .channel();
    }

    /** One gRPC message frame: flags, a 4-byte length (which may lie), then the body. */
    public static byte[] frame(int flags, int declaredLength, byte[] body) {
        byte[] frame = new byte[5 + body.length];
        frame[0] = (byte) flags;
        for (int i = 0; i < 4; i++) {
            frame[1 + i] = (byte) (declaredLength >>> (24 - 8 * i));
        }
        System.arraycopy(body, 0, frame, 5, body.length);
        return frame;
    }

    /**
     * POSTs {@code data} (already framed) to {@code path} with gRPC's headers plus {@code headers}
     * (a null value removes one), and ends the stream.
     */
    public CompletableFuture<Answer> send(String path, Map<String, String> headers, byte[] data)
            throws InterruptedException {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                .handler(new AnswerReader(answer))
                .open()
                .sync()
                .getNow();
        Http2Headers request = new DefaultHttp2Headers()
                .method("POST")
                .scheme("http")
                .path(path)
                .authority("127.0.0.1")
                .set("content-type", "application/grpc")
                .set("te", "trailers");
        headers.forEach((name, value) -> {
            if (value == null) {
                request.remove(name);
            } else {
                request.set(name, value);
            }
        });
        stream.write(new DefaultHttp2HeadersFrame(request, data.length == 0));
        if (data.length > 0) {
            stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(data), true));
        }
        stream.flush();
        return answer;
    }

    @Override
    public void close() throws InterruptedException {
        connection.close().sync();
        loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    private static final class AnswerReader extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Answer> answer;
        private String httpStatus;

        AnswerReader(CompletableFuture<Answer> answer) {
            this.answer = answer;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            try {
                if (message instanceof Http2HeadersFrame headers) {
                    Http2Headers fields = headers.headers();
                    httpStatus = fields.status() != null ? fields.status().toString() : httpStatus;
                    CharSequence grpcStatus = fields.get("grpc-status");
                    if (grpcStatus != null || headers.isEndStream()) {
                        CharSequence grpcMessage = fields.get("grpc-message");
                        answer.complete(new Answer(
                                httpStatus,
                                grpcStatus == null ? null : grpcStatus.toString(),
                                grpcMessage == null ? null : grpcMessage.toString(),
                                null));
                    }
                } else if (message instanceof Http2ResetFrame reset) {
                    answer.complete(new Answer(httpStatus, null, null, reset.errorCode()));
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            answer.complete(new Answer(httpStatus, null, "the stream closed without trailers", null));
        }
    }
}
