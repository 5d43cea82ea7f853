package dev.chaosharness.maven;

import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;

/** What both goals share: where the runs are, and the switch that skips both. */
abstract class AbstractChaosMojo extends AbstractMojo {

    /** Where each run's directory (history, verdicts, HTML report), the runs index and chaos:run's record go. */
    @Parameter(property = "chaos.reportsDirectory", defaultValue = "${project.build.directory}/chaos-reports")
    protected File reportsDirectory;

    /** Skip running and verifying experiments. */
    @Parameter(property = "chaos.skip", defaultValue = "false")
    protected boolean skip;
}
