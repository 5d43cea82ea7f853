package dev.chaosharness.ledger.writer;

/**
 * One transfer posted: what it was, and which writer posted it from which record in which group
 * generation (so a duplicate names the two deliveries that made it).
 */
public record Posting(long transferId, long amountCents, String status, String writer, int generation,
                      int sourcePartition, long sourceOffset, long postedAtMs) {
}
