// Package cluster owns lipi's OpenSearch test cluster: three OpenSearch
// 2.19.6 nodes on loopback, each a JVM of its own, for developing and
// testing lipi's OpenSearch backend (issue 22) against a real cluster, and
// for fault tests that kill one node with SIGKILL. It is test
// infrastructure: the product never imports it, and it talks to the nodes
// with plain net/http, not with the client the backend uses.
//
// Maven Central publishes OpenSearch's server jar and its plugins but no
// distribution to unpack, so a small Java launcher (LipiNode) starts one
// node on the server jar and passes it, as classpath plugins, what a
// distribution loads from its modules folder: the Netty4 transport (HTTP
// and node-to-node), analysis-common (the whitespace tokenizer,
// pattern_capture and the other token filters) and lang-painless (the
// scripted similarity lipi ranks with). Maven builds the launcher
// and writes its class path; Java 17 and Maven must be on PATH
// ([Available]).
//
// Start and stop the development cluster from the repository's root:
//
//	go tool task opensearch:up     # prints http://127.0.0.1:9250 … one a line, returns when green
//	go tool task opensearch:down
//	go run ./index/opensearch/cluster/oscluster status
//
// The nodes outlive the command that started them (each leads a session of
// its own). Everything lives under data/opensearch of the repository
// (git-ignored):
//
//   - cluster.json, the state file: the cluster's name, its folder, heap,
//     the launcher's folder, when it started, the test process that owns
//     it (ForTest's clusters only), and per node its name, pid (0 once
//     killed), URL, HTTP and transport ports, home and log. [Running] reads it;
//     another process can Kill and Restart nodes from it.
//   - node1 … node3: each node's path.home; its indexes in data/, its
//     config/ (the log4j2.properties the launcher writes), tmp/.
//   - logs/node1.log …: each JVM's stdout and stderr, where OpenSearch
//     logs. The errors of a failed start point to them.
//   - launcher/: the Maven project's copy and its build (target/,
//     classpath.txt, build.log); the jars themselves stay in ~/.m2.
//   - test-*: the clusters [ForTest] starts when none is up, removed when
//     their tests pass; kept with their logs when a test failed; ended by
//     the next ForTest when their test process was killed.
//
// Nodes take HTTP ports 9250-9252 and transport ports 9350-9352, or free
// ports when any of those is taken; each runs with a 512 MB heap
// (-Xms512m -Xmx512m), the disk-usage thresholds that would stop indexing
// on a fullish disk switched off. A stopped cluster starts again on its
// data; `oscluster -fresh up` starts empty.
//
// Files:
//
//   - doc.go: this overview.
//   - cluster.go: [Options], [Start], [Running], [FromStateFile] and the
//     [Cluster] a caller gets: its URLs and nodes, [Cluster.Kill],
//     [Cluster.Restart], [Cluster.Stop]; the state file, the nodes'
//     settings and JVM flags, the choice of ports, the wait for green.
//   - launcher.go: building the launcher with Maven (only when its
//     sources changed or a jar went missing) and [Available].
//   - health.go: the cluster health request and [Cluster.Health].
//   - proc_unix.go, proc_other.go: starting a node in a session of its
//     own, signalling its process group, telling a live node from a reused
//     pid or a zombie, the lock that keeps two starters apart; elsewhere
//     than unix, errors.
//   - fortest.go: [ForTest], a green cluster for a test: the running one,
//     or one of its own, or a skip (a failure when CI is set).
//   - pom.xml and src/main/java/lipi/opensearch/LipiNode.java: the
//     launcher, a subclass of org.opensearch.node.Node; and
//     src/main/resources/lipi/opensearch/log4j2.properties, its console
//     logging. They are embedded in the Go package and built from the
//     copy in data/opensearch/launcher.
//   - oscluster/: the command behind the opensearch:up and
//     opensearch:down tasks (up, down, status).
//   - cluster_test.go, analysis_test.go: the cluster's own checks: green
//     with both plugins, a node killed and restarted without losing a
//     document, and the pre-analyzed forms lipi will send ("a|b c" read as
//     a and b at one position, c at the next).
package cluster
