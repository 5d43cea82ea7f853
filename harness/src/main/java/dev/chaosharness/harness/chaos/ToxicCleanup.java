package dev.chaosharness.harness.chaos;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What undoes the harness's faults on a fault proxy it attached to (a team's Toxiproxy) if the
 * harness dies mid-run: a shell script, run by the watchdog ({@code ProcessGroups}), that removes
 * every {@value FaultSchedule#TOXIC_PREFIX}* toxic of the run's links (the team's own stay) and
 * enables each link again, with curl and Toxiproxy's HTTP API.
 */
final class ToxicCleanup {

    private ToxicCleanup() {
    }

    static String script(String host, int port, List<String> proxies) {
        String api = "http://" + host + ":" + port + "/proxies/";
        String names = proxies.stream().map(p -> "'" + p.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        return "for p in " + names + "; do\n"
                + "  for t in $(curl -sf \"" + api + "$p/toxics\" | grep -o '\"name\": *\"" + FaultSchedule.TOXIC_PREFIX
                + "[^\"]*\"' | sed 's/.*\"\\(.*\\)\"$/\\1/'); do\n"
                + "    curl -sf -X DELETE \"" + api + "$p/toxics/$t\" >/dev/null\n"
                + "  done\n"
                + "  curl -sf -X POST -H 'Content-Type: application/json' -d '{\"enabled\":true}' \"" + api + "$p\" >/dev/null\n"
                + "done\n";
    }
}
