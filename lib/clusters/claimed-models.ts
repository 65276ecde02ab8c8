import type { ModelName } from "../checkers/models.ts";

/**
 * The isolation model each engine's vendor claims for the transactions of the append
 * scenarios, in the vendor's own words and where they are written. The scenarios judge against
 * it (gating) unless `--model` names another; every other model is judged too, advisory.
 * docs/isolation.md ("What the engines claim") says why each model was read from these words.
 */
export interface ClaimedModel {
  model: ModelName;
  /** The vendor's sentence(s), quoted. */
  words: string;
  /** The page they are on. */
  source: string;
}

/**
 * Galera: snapshot isolation between nodes. Codership (now MariaDB) writes it in so many words;
 * the same page's caveat, that first-committer-wins does not hold between two transactions of
 * one node (InnoDB's own REPEATABLE READ), is kept beside it, so a finding can say which case
 * it is (lib/clusters/txn-nodes.ts).
 */
export const GALERA_CLAIM: ClaimedModel = {
  model: "snapshot-isolation",
  words:
    '"Galera Cluster provides SNAPSHOT ISOLATION between transactions running on separate cluster nodes. Transactions running on the same node ' +
    "are isolated by whatever was configured as the transaction isolation level in the MySQL configuration. [...] for transactions issued on " +
    "separate cluster nodes, the 'first committer wins' rule of SNAPSHOT ISOLATION is provided, and this will fix the lost update problem that " +
    'generally hurts REPEATABLE READ isolation." (Codership); "For transactions issued on different nodes, isolation is also strengthened by the ' +
    "\u201cfirst committer wins\u201d rule, which eliminates the \u201clost update anomaly\u201d inherent to these levels, whereas for transactions issued on " +
    'the same node this rule does not hold (as per original MySQL/InnoDB behavior)." (Galera documentation)',
  source:
    'Codership (Seppo Jaakola) on Galera Cluster and MySQL isolation levels, Planet MySQL; Galera Cluster Documentation, "Isolation Levels" ' +
    '(Intra-Node vs. Inter-Node Isolation in Galera Cluster); MariaDB documentation as quoted in MDEV-38977 ("between Serializable and Repeatable Read")',
};

/** Redis: a MULTI/EXEC runs alone, start to end, on the one thread that serves the slot. */
export const REDIS_CLAIM: ClaimedModel = {
  model: "serializable",
  words:
    "All the commands in a transaction are serialized and executed sequentially. A request sent by another client will never be served " +
    "in the middle of the execution of a Redis transaction. This guarantees that the commands are executed as a single isolated operation.",
  source: 'Redis documentation, "Transactions" (Develop with Redis > Interact with data > Transactions)',
};

/** MySQL NDB Cluster: read committed is the only level NDBCLUSTER has. */
export const NDB_CLAIM: ClaimedModel = {
  model: "read-committed",
  words: "The NDBCLUSTER storage engine supports only the READ COMMITTED transaction isolation level.",
  source: 'MySQL NDB Cluster documentation, "Limits Relating to Transaction Handling in NDB Cluster"',
};
