package dev.chaosharness.harness.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chaosharness.faultproxy.toxic.Toxic;
import dev.chaosharness.faultproxy.toxic.ToxicTypes;
import dev.chaosharness.harness.chaos.action.FaultAction;
import dev.chaosharness.harness.chaos.action.FaultActions;
import dev.chaosharness.harness.chaos.action.Param;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/fault-profiles.md lists the toxics fault-proxy registers ({@link ToxicTypes}) and the other
 * actions {@link FaultActions} registers, each once, none that is not there, each with exactly its
 * params and what it targets.
 */
class FaultActionsDocTest {

    static final String DOC = "docs/fault-profiles.md";
    static final String TOXICS = "Toxics";
    static final String OWN = "The harness's own actions";

    @Test
    void theToxicsTableListsEveryRegisteredToxicAndNoOther() throws IOException {
        List<String> listed = doc().tableNames(TOXICS);

        assertThat(listed).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ToxicTypes.all().stream().map(Toxic::type).toList());
    }

    @Test
    void theOwnActionsTableListsEveryOtherRegisteredActionAndNoOther() throws IOException {
        Set<String> others = new TreeSet<>(FaultActions.names());
        ToxicTypes.all().forEach(toxic -> others.remove(toxic.type()));

        List<String> listed = doc().tableNames(OWN);

        assertThat(others).as("FaultActions registers more than the toxics").isNotEmpty();
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(others);
    }

    @Test
    void eachRowNamesItsActionsParamsAndWhatItTargets() throws IOException {
        MarkdownFile doc = doc();
        for (String name : FaultActions.names()) {
            FaultAction action = FaultActions.byName(name).orElseThrow();
            List<String> row = doc.row(ToxicTypes.byName(name).isPresent() ? TOXICS : OWN, name);
            String target = row.get(1);
            String params = row.get(2);

            assertThat(target).as("%s targets a %s", name, action.targetKind())
                    .contains(action.targetKind() == FaultAction.TargetKind.LINK ? "link" : "instance");
            List<String> documented = new ArrayList<>();
            Matcher backticked = Pattern.compile("`([^`]+)`").matcher(params);
            while (backticked.find()) {
                documented.add(backticked.group(1));
            }
            assertThat(documented).as("%s: the params its row names", name)
                    .containsExactlyInAnyOrderElementsOf(action.params().stream().map(Param::name).toList());
        }
    }

    private static MarkdownFile doc() throws IOException {
        return MarkdownFile.read(MarkdownFile.ROOT.resolve(DOC));
    }
}
