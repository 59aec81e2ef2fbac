package dev.workcluster.leader.raft;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * Mutual TLS between the nodes of a Raft group: each presents its certificate ({@code keys}) and
 * accepts a peer whose certificate chains to the group's CA ({@code peers}), both ways.
 */
public record RaftTls(KeyManager keys, TrustManager peers) {}
