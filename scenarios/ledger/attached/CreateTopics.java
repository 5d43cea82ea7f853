import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** java -cp 'kafka-broker/target/lib/*' CreateTopics.java BOOTSTRAP PARTITIONS TOPIC...: creates those not there yet. */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = List.of(args).subList(2, args.length).stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Integer.parseInt(args[1]), (short) 1)).toList();
            admin.createTopics(missing).all().get();
        }
    }
}
