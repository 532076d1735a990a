import type { Admin } from 'kafkajs';

export interface NewTopic {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  /** Topic configuration, e.g. `{ 'retention.ms': '-1' }`. */
  config?: Record<string, string>;
}

/** A partition's first and end offsets (`high`: the offset the next record gets). */
export interface PartitionOffsets {
  partition: number;
  low: string;
  high: string;
}

/** A group's committed offsets on one topic; `-1` where it has committed nothing. */
export interface GroupTopicOffsets {
  topic: string;
  partitions: { partition: number; offset: string }[];
}

export interface GroupDescription {
  groupId: string;
  state: string;
  members: { memberId: string; clientId: string }[];
}

export interface TopicMetadata {
  topic: string;
  /** `replicas` and `isr`: node ids holding a copy, and those of them in sync. */
  partitions: { partition: number; leader: number; replicas: number[]; isr: number[] }[];
}

/** The cluster operations the platform, its tools and its tests use. Connect before use. */
export interface KafkaAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  listTopics(): Promise<string[]>;
  /** Creates the topics and waits until each partition has a leader. */
  createTopics(topics: NewTopic[]): Promise<void>;
  deleteTopics(topics: string[]): Promise<void>;
  fetchTopicMetadata(topics: string[]): Promise<TopicMetadata[]>;
  /** The settings made on the topic itself (not inherited from the broker), by name. */
  describeTopicConfig(topic: string): Promise<Record<string, string>>;
  fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** A group's committed offsets, on the given topics or on every topic it has committed on. */
  fetchOffsets(groupId: string, topics?: string[]): Promise<GroupTopicOffsets[]>;
  /** Commits these offsets for the group (which must have no members). */
  setOffsets(
    groupId: string,
    topic: string,
    partitions: { partition: number; offset: string }[],
  ): Promise<void>;
  /** Moves the group (which must have no members) to the start of the topic. */
  rewindOffsets(groupId: string, topic: string): Promise<void>;
  listGroups(): Promise<string[]>;
  describeGroups(groupIds: string[]): Promise<GroupDescription[]>;
  deleteGroups(groupIds: string[]): Promise<void>;
  /** The brokers that answer: a metadata request for no topics. */
  describeCluster(): Promise<{ brokers: { nodeId: number; host: string; port: number }[] }>;
}

// kafkajs's ConfigResourceTypes.TOPIC and ConfigSource.TOPIC_CONFIG, which Node's ESM loader cannot
// import by name from the CommonJS package.
const TOPIC_RESOURCE = 2;
const TOPIC_CONFIG = 1;

export function kafkaAdmin(admin: Admin): KafkaAdmin {
  return {
    connect: () => admin.connect(),
    disconnect: () => admin.disconnect(),
    listTopics: () => admin.listTopics(),
    async createTopics(topics) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map(({ config, ...topic }) => ({
          ...topic,
          ...(config
            ? { configEntries: Object.entries(config).map(([name, value]) => ({ name, value })) }
            : {}),
        })),
      });
    },
    deleteTopics: (topics) => admin.deleteTopics({ topics }),
    async fetchTopicMetadata(topics) {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      return found.map(({ name, partitions }) => ({
        topic: name,
        partitions: partitions.map(({ partitionId, leader, replicas, isr }) => ({
          partition: partitionId,
          leader,
          replicas,
          isr,
        })),
      }));
    },
    async describeTopicConfig(topic) {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: TOPIC_RESOURCE, name: topic }],
      });
      return Object.fromEntries(
        (resources[0]?.configEntries ?? [])
          .filter(({ configSource }) => configSource === TOPIC_CONFIG)
          .map(({ configName, configValue }) => [configName, configValue]),
      );
    },
    async fetchTopicOffsets(topic) {
      return (await admin.fetchTopicOffsets(topic)).map(({ partition, low, high }) => ({
        partition,
        low,
        high,
      }));
    },
    async fetchOffsets(groupId, topics) {
      const offsets = await admin.fetchOffsets(topics ? { groupId, topics } : { groupId });
      return offsets.map(({ topic, partitions }) => ({
        topic,
        partitions: partitions.map(({ partition, offset }) => ({ partition, offset })),
      }));
    },
    setOffsets: (groupId, topic, partitions) => admin.setOffsets({ groupId, topic, partitions }),
    rewindOffsets: (groupId, topic) => admin.resetOffsets({ groupId, topic, earliest: true }),
    async listGroups() {
      return (await admin.listGroups()).groups.map(({ groupId }) => groupId);
    },
    async describeGroups(groupIds) {
      return (await admin.describeGroups(groupIds)).groups.map(({ groupId, state, members }) => ({
        groupId,
        state,
        members: members.map(({ memberId, clientId }) => ({ memberId, clientId })),
      }));
    },
    deleteGroups: async (groupIds) => {
      await admin.deleteGroups(groupIds);
    },
    async describeCluster() {
      const { brokers } = await admin.describeCluster();
      return { brokers: brokers.map(({ nodeId, host, port }) => ({ nodeId, host, port })) };
    },
  };
}
