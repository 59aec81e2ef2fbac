package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.Placement;
import java.util.List;

/** What an entry about to be proposed should place during its apply; null for nothing. */
@FunctionalInterface
public interface PlacementSource {
    PlacementSource NONE = commands -> null;

    Placement placementFor(List<Command> commands);
}
