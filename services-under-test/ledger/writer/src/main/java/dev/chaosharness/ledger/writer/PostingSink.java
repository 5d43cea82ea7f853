package dev.chaosharness.ledger.writer;

/** Where postings go: the {@code postings} topic (the default) or a PostgreSQL table (profile {@code postgres}). */
public interface PostingSink {

    /** Returns once the posting is stored; throws when it could not be (the record is then delivered again). */
    void post(Posting posting) throws Exception;
}
