import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

import java.util.Map;
import java.util.Set;

/**
 * Creates the platform's topics if missing and grows their partition count if it is lower than asked.
 * Usage: java -cp 'kafka/*' CreateTopics.java BOOTSTRAP PARTITIONS TOPIC...
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int partitions = Integer.parseInt(args[1]);
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            for (int i = 2; i < args.length; i++) {
                String topic = args[i];
                if (!existing.contains(topic)) {
                    admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1)
                            .configs(Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))))).all().get();
                    System.out.println("created topic " + topic + " with " + partitions + " partitions");
                    continue;
                }
                TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
                if (description.partitions().size() < partitions) {
                    admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all().get();
                    System.out.println("grew topic " + topic + " to " + partitions + " partitions");
                }
            }
        }
    }
}
