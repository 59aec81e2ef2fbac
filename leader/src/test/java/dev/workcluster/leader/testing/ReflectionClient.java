package dev.workcluster.leader.testing;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import dev.workcluster.testkit.FirstMessage;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What grpcurl does, in Java: discovers services through server reflection only
 * (no compiled stubs), and invokes methods with JSON bodies. Proves the seed's
 * grpcurl commands work against the leader without grpcurl on the machine.
 */
public final class ReflectionClient {
    private final Channel channel;

    public ReflectionClient(Channel channel) {
        this.channel = channel;
    }

    /** {@code grpcurl list}. */
    public List<String> listServices() throws Exception {
        List<String> names = new ArrayList<>();
        for (ServiceResponse service : reflect(
                        ServerReflectionRequest.newBuilder().setListServices("").build())
                .getListServicesResponse()
                .getServiceList()) {
            names.add(service.getName());
        }
        return names;
    }

    /** {@code grpcurl describe SERVICE}: the service as reflection describes it. */
    public ServiceDescriptor describe(String service) throws Exception {
        return fileContaining(service).findServiceByName(service.substring(service.lastIndexOf('.') + 1));
    }

    /** {@code grpcurl -d JSON SERVICE.METHOD}: returns the response as JSON. */
    public String invoke(String fullMethod, String jsonRequest) throws Exception {
        int dot = fullMethod.lastIndexOf('.');
        MethodDescriptor method =
                describe(fullMethod.substring(0, dot)).findMethodByName(fullMethod.substring(dot + 1));
        Descriptor input = method.getInputType();
        DynamicMessage.Builder request = DynamicMessage.newBuilder(input);
        if (!jsonRequest.isBlank()) { // grpcurl without -d sends an empty message
            JsonFormat.parser().merge(jsonRequest, request);
        }
        io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod =
                io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                        .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                        .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(
                                method.getService().getFullName(), method.getName()))
                        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(input)))
                        .setResponseMarshaller(
                                ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
                        .build();
        DynamicMessage response = ClientCalls.blockingUnaryCall(
                channel, grpcMethod, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request.build());
        return JsonFormat.printer().print(response);
    }

    private FileDescriptor fileContaining(String symbol) throws Exception {
        Map<String, FileDescriptorProto> protos = new HashMap<>();
        FileDescriptorProto root = null;
        for (var bytes : reflect(ServerReflectionRequest.newBuilder()
                        .setFileContainingSymbol(symbol)
                        .build())
                .getFileDescriptorResponse()
                .getFileDescriptorProtoList()) {
            FileDescriptorProto proto = FileDescriptorProto.parseFrom(bytes);
            protos.put(proto.getName(), proto);
            root = root == null ? proto : root;
        }
        return build(root, protos, new HashMap<>());
    }

    private static FileDescriptor build(
            FileDescriptorProto proto, Map<String, FileDescriptorProto> protos, Map<String, FileDescriptor> built)
            throws Exception {
        FileDescriptor done = built.get(proto.getName());
        if (done != null) {
            return done;
        }
        List<FileDescriptor> deps = new ArrayList<>();
        for (String dependency : proto.getDependencyList()) {
            FileDescriptorProto dep = protos.get(dependency);
            if (dep == null) {
                throw new IllegalStateException(
                        "reflection did not send " + dependency + ", needed by " + proto.getName());
            }
            deps.add(build(dep, protos, built));
        }
        FileDescriptor file = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
        built.put(proto.getName(), file);
        return file;
    }

    private ServerReflectionResponse reflect(ServerReflectionRequest request) throws Exception {
        FirstMessage<ServerReflectionResponse> response =
                new FirstMessage<>("reflection stream ended without an answer");
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .serverReflectionInfo(response);
        requests.onNext(request);
        requests.onCompleted();
        return response.future().get(10, TimeUnit.SECONDS);
    }
}
