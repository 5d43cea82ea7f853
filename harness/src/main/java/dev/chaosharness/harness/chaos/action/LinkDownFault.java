package dev.chaosharness.harness.chaos.action;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The link is down for the window: its listener closes, open connections drop, new ones are refused. */
public final class LinkDownFault implements FaultAction {

    @Override
    public String name() {
        return "link-down";
    }

    @Override
    public TargetKind targetKind() {
        return TargetKind.LINK;
    }

    @Override
    public List<Param> params() {
        return List.of();
    }

    @Override
    public ActiveFault apply(FaultContext context, List<String> targets, Map<String, String> params) throws IOException {
        List<String> down = new ArrayList<>();
        for (String link : targets) {
            String proxy = context.environment().proxyName(link);
            context.proxy().setEnabled(proxy, false);
            down.add(proxy);
        }
        return () -> {
            for (String proxy : down) {
                context.proxy().setEnabled(proxy, true);
            }
        };
    }
}
