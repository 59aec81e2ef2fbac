package dev.workcluster.cli;

import dev.workcluster.leader.raft.RaftSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code n1=host:port,n2=host:port,...}: every Raft node's id and Raft address. */
public final class PeersConverter implements ITypeConverter<List<RaftSettings.Peer>> {
    @Override
    public List<RaftSettings.Peer> convert(String value) {
        List<RaftSettings.Peer> peers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String entry : value.split(",")) {
            String[] idAndAddress = entry.trim().split("=", 2);
            if (idAndAddress.length != 2 || idAndAddress[0].isBlank()) {
                throw new TypeConversionException("peer '" + entry + "' must be id=host:port");
            }
            String address = idAndAddress[1];
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = colon <= 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new TypeConversionException("peer '" + entry + "' must be id=host:port with a port in 1-65535");
            }
            if (!ids.add(idAndAddress[0])) {
                throw new TypeConversionException("peer id '" + idAndAddress[0] + "' appears twice in '" + value + "'");
            }
            peers.add(new RaftSettings.Peer(idAndAddress[0], address.substring(0, colon), port));
        }
        return peers;
    }
}
