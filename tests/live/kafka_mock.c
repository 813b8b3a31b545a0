/* SPDX-License-Identifier: MIT */
/* A Kafka for the live probe's tests: librdkafka's own mock cluster (a real
 * Kafka protocol broker in this process), filled from a plan file, its
 * bootstrap address printed on stdout. It stops when stdin ends or on
 * SIGTERM/SIGINT, and by itself after two minutes (a safety net, so that a
 * test that dies early never leaves it behind).
 *
 *   kafka_mock PLAN
 *
 * PLAN lines: "topic NAME PARTITIONS" creates a topic; "msg TOPIC TEXT"
 * produces TEXT (the rest of the line, bytes as they are) to it. */
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	char err[512], line[65536];
	rd_kafka_conf_t *conf = rd_kafka_conf_new();
	rd_kafka_t *rk;
	rd_kafka_mock_cluster_t *mc;
	FILE *plan;

	if (argc != 2 || !(plan = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: kafka_mock PLAN\n");
		return 2;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	alarm(120);
	rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
	rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
	if (!rk || !(mc = rd_kafka_mock_cluster_new(rk, 1))) {
		fprintf(stderr, "kafka_mock: %s\n", err);
		return 1;
	}
	const char *boot = rd_kafka_mock_cluster_bootstraps(mc);

	/* A second client produces, as a connector would. */
	rd_kafka_conf_t *pc = rd_kafka_conf_new();
	rd_kafka_conf_set(pc, "bootstrap.servers", boot, err, sizeof err);
	rd_kafka_conf_set(pc, "log_level", "3", err, sizeof err);
	rd_kafka_t *prod = rd_kafka_new(RD_KAFKA_PRODUCER, pc, err, sizeof err);
	if (!prod) {
		fprintf(stderr, "kafka_mock: %s\n", err);
		return 1;
	}
	while (fgets(line, sizeof line, plan)) {
		char name[1024];
		int parts;
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "topic %1023s %d", name, &parts) == 2) {
			if (rd_kafka_mock_topic_create(mc, name, parts, 1)) {
				fprintf(stderr, "kafka_mock: cannot create %s\n",
				        name);
				return 1;
			}
		} else if (sscanf(line, "msg %1023s", name) == 1) {
			const char *text = line + 4 + strlen(name) + 1;
			/* The plain API: producev's macros are GNU C. */
			rd_kafka_topic_t *t = rd_kafka_topic_new(prod, name, NULL);
			int rc = t ? rd_kafka_produce(t, RD_KAFKA_PARTITION_UA,
			                              RD_KAFKA_MSG_F_COPY,
			                              (void *)text, strlen(text),
			                              NULL, 0, NULL)
			           : -1;
			if (t)
				rd_kafka_topic_destroy(t);
			if (rc == -1) {
				fprintf(stderr, "kafka_mock: %s: %s\n", name,
				        rd_kafka_err2str(rd_kafka_last_error()));
				return 1;
			}
		}
	}
	fclose(plan);
	if (rd_kafka_flush(prod, 10000)) {
		fprintf(stderr, "kafka_mock: messages not delivered\n");
		return 1;
	}
	rd_kafka_destroy(prod);
	printf("%s\n", boot);
	fflush(stdout);
	while (!stop) {
		struct pollfd p = {.fd = 0, .events = POLLIN};
		if (poll(&p, 1, 200) > 0) {
			char b[64];
			if (read(0, b, sizeof b) <= 0)
				break;
		}
	}
	rd_kafka_mock_cluster_destroy(mc);
	rd_kafka_destroy(rk);
	return 0;
}
