package dev.chaosharness.faultproxy;

/** Which way bytes flow: upstream = client to server, downstream = server to client. */
public enum Stream {
    UPSTREAM, DOWNSTREAM;

    /** Case-insensitive, as Toxiproxy matches it; refuses anything else with its exact message. */
    public static Stream parse(String value) {
        for (Stream stream : values()) {
            if (stream.name().equalsIgnoreCase(value)) {
                return stream;
            }
        }
        throw new ApiException(400, "stream was invalid, can be either upstream or downstream");
    }
}
