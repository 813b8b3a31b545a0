/* SPDX-License-Identifier: MIT */
/* The live probes' endpoints: a password never kept (live_strip) and never
 * shown (live_mask), in every form a learner may write one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "selfgrade/live.h"

static const struct {
	enum live_source s;
	const char *url, *stripped, *masked;
} cases[] = {
	{LIVE_PG, "postgresql://anna:s3cret@db:5432/orders",
	 "postgresql://anna@db:5432/orders",
	 "postgresql://anna:***@db:5432/orders"},
	/* An '@' inside the password: the last one ends the user info. */
	{LIVE_PG, "postgres://anna:p@ss@db/orders", "postgres://anna@db/orders",
	 "postgres://anna:***@db/orders"},
	{LIVE_PG, "postgresql://anna@db/orders?password=s3cret&sslmode=require",
	 "postgresql://anna@db/orders?sslmode=require",
	 "postgresql://anna@db/orders?password=***&sslmode=require"},
	{LIVE_PG, "postgresql://anna@db/orders?sslmode=require&password=s3cret",
	 "postgresql://anna@db/orders?sslmode=require",
	 "postgresql://anna@db/orders?sslmode=require&password=***"},
	{LIVE_PG, "host=db user=anna password=s3cret dbname=orders",
	 "host=db user=anna dbname=orders",
	 "host=db user=anna password=*** dbname=orders"},
	{LIVE_PG, "host=db password = 's3 cr\\'et' dbname=orders",
	 "host=db dbname=orders", "host=db password = *** dbname=orders"},
	{LIVE_PG, "password=s3cret host=db", "host=db", "password=*** host=db"},
	{LIVE_PG, "host=db user=anna", "host=db user=anna", "host=db user=anna"},
	{LIVE_MYSQL, "mysql://root:s3cret@127.0.0.1:3307/inventory",
	 "mysql://root@127.0.0.1:3307/inventory",
	 "mysql://root:***@127.0.0.1:3307/inventory"},
	{LIVE_MYSQL, "mysql://root@localhost/inventory?socket=/run/m.sock",
	 "mysql://root@localhost/inventory?socket=/run/m.sock",
	 "mysql://root@localhost/inventory?socket=/run/m.sock"},
	{LIVE_PROMETHEUS, "http://u:s3cret@prom:9090/", "http://u@prom:9090/",
	 "http://u:***@prom:9090/"},
	{LIVE_KAFKA, "k1:9092,k2:9092", "k1:9092,k2:9092", "k1:9092,k2:9092"},
};

static void test_strip_mask(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *s = live_strip(cases[i].s, cases[i].url);
		char *m = live_mask(cases[i].s, cases[i].url);
		assert_string_equal(s, cases[i].stripped);
		assert_string_equal(m, cases[i].masked);
		assert_null(strstr(s, "s3"));
		assert_null(strstr(m, "s3"));
		free(s);
		free(m);
	}
}

/* What the learner typed is shown cleaned, as a server's words are. */
static void test_mask_cleans(void **state)
{
	(void)state;
	char *m = live_mask(LIVE_FLINK, "http://h\x1b[2J\xe2\x80\xae:8081");
	assert_string_equal(m, "http://h\\x1b[2J\\u202e:8081");
	free(m);
}

static void test_options(void **state)
{
	(void)state;
	assert_string_equal(live_option(LIVE_PG), "--pg");
	assert_string_equal(live_option(LIVE_PROMETHEUS), "--prometheus");
	struct live_endpoints e = {0};
	assert_false(live_any(&e));
	e.url[LIVE_KAFKA] = strdup("k:9092");
	assert_true(live_any(&e));
	live_endpoints_free(&e);
	assert_null(e.url[LIVE_KAFKA]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strip_mask),
		cmocka_unit_test(test_mask_cleans),
		cmocka_unit_test(test_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
