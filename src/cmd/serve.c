/* serve.c: `secnews serve`: the web view, JSON API and TAXII collection
 * (src/serve/serve.h) on the database, until SIGINT or SIGTERM. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "pipeline.h"
#include "serve/serve.h"
#include "util/io.h"

static void serve_help(void)
{
	printf("usage: secnews [--db FILE] serve [--listen ADDR:PORT] [--token FILE]\n"
	       "                              [--threads N] [--max-connections N] [--timeout SECONDS]\n\n"
	       "Serve the database over HTTP, read-only, until interrupted (Ctrl-C, SIGTERM):\n"
	       "  /                     the latest articles, the most named actors, malware, vendors\n"
	       "  /search?q=QUERY       search (the query language of 'secnews search'), filters as links\n"
	       "  /actor/NAME ...       one page per entity (/vendor/, /product/, /cve/, every kind)\n"
	       "  /article/ID  /feeds   one article, the feeds' state\n"
	       "  /api/v1/...           the same as JSON (and ?format=csv|stix), see doc/api.md\n"
	       "  /taxii2/              a TAXII 2.1 collection of the STIX export\n\n"
	       "  --listen ADDR:PORT    numeric address and port (default 127.0.0.1:8080;\n"
	       "                        IPv6 as [::1]:8080; port 0: any free port)\n"
	       "  --token FILE          require 'Authorization: Bearer TOKEN' with the token in\n"
	       "                        FILE (at least 16 characters); needed to listen on\n"
	       "                        anything but loopback\n"
	       "  --threads N           worker threads, each with its own read-only connection (4)\n"
	       "  --max-connections N   concurrent connections (256)\n"
	       "  --timeout SECONDS     close a connection idle this long (15)\n\n"
	       "Prints the URL on standard output once listening. ingest and fetch can write\n"
	       "to the database meanwhile. Exit status: 0 stopped by a signal, 2 usage, 3 failure.\n");
}

/* "ADDR:PORT", "[V6]:PORT" or ":PORT" into HOST and *PORT; -1 if malformed. */
static int parse_listen(const char *s, char *host, size_t n, unsigned *port)
{
	const char *colon;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':' || (size_t)(close - s - 1) >= n)
			return -1;
		snprintf(host, n, "%.*s", (int)(close - s - 1), s + 1);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= n)
			return -1;
		snprintf(host, n, "%.*s", (int)(colon - s), s);
		if (!*host)
			snprintf(host, n, "127.0.0.1");
	}
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || p < 0 || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

static int number(const char *opt, const char *s, long max, unsigned *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > max)
		return cli_usage_error("serve", "%s takes a number from 1 to %ld", opt, max);
	*out = (unsigned)v;
	return EXIT_OK;
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	enum { OPT_LISTEN = 256, OPT_TOKEN, OPT_THREADS, OPT_MAXCONN, OPT_TIMEOUT };
	static const struct option opts[] = {{"listen", required_argument, 0, OPT_LISTEN},
					     {"token", required_argument, 0, OPT_TOKEN},
					     {"threads", required_argument, 0, OPT_THREADS},
					     {"max-connections", required_argument, 0, OPT_MAXCONN},
					     {"timeout", required_argument, 0, OPT_TIMEOUT},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	char host[64] = "127.0.0.1";
	const char *token_file = NULL;
	struct serve_opts o = {.db = c->db, .host = host, .port = 8080};
	int ch, r;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_LISTEN:
			if (parse_listen(optarg, host, sizeof host, &o.port))
				return cli_usage_error("serve", "--listen takes ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
			break;
		case OPT_TOKEN:
			token_file = optarg;
			break;
		case OPT_THREADS:
			if ((r = number("--threads", optarg, 64, &o.threads)))
				return r;
			break;
		case OPT_MAXCONN:
			if ((r = number("--max-connections", optarg, 10000, &o.max_conns)))
				return r;
			break;
		case OPT_TIMEOUT:
			if ((r = number("--timeout", optarg, 3600, &o.timeout_s)))
				return r;
			break;
		case 'h':
			serve_help();
			return EXIT_OK;
		default:
			return cli_usage_error("serve", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	struct err e;
	struct buf token = BUF_INIT;
	if (token_file) {
		if (io_read_file(token_file, 4096, &token, &e)) {
			cli_error("%s", e.msg);
			return EXIT_FAIL;
		}
		while (token.len && (token.data[token.len - 1] == '\n' || token.data[token.len - 1] == '\r' ||
				     token.data[token.len - 1] == ' '))
			token.data[--token.len] = 0;
		if (token.len < 16 || strlen(buf_str(&token)) != token.len) {
			buf_free(&token);
			return cli_usage_error("serve", "%s: a token is one line of at least 16 characters", token_file);
		}
		o.token = buf_str(&token);
	}
	if (!serve_is_loopback(host) && !o.token) {
		buf_free(&token);
		return cli_usage_error("serve", "listening on %s (not loopback) needs --token FILE", host);
	}
	/* the schema and the dictionaries brought up to date, and the tagger
	 * that marks where an article names each entity */
	struct pipeline *p;
	if (pipeline_open(c->db, &p, &e)) {
		cli_error("%s", e.msg);
		buf_free(&token);
		return EXIT_FAIL;
	}
	o.tagger = pipeline_tagger(p);
	/* the signals wait for this thread in sigwait(); the server's threads,
	 * started after, inherit the mask and never see them */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct serve *sv;
	if (serve_start(&o, &sv, &e)) {
		cli_error("%s", e.msg);
		pipeline_close(p);
		buf_free(&token);
		return EXIT_FAIL;
	}
	int v6 = strchr(host, ':') != NULL;
	printf("http://%s%s%s:%u/\n", v6 ? "[" : "", host, v6 ? "]" : "", serve_port(sv));
	fflush(stdout);
	fprintf(stderr, "secnews: serving %s read-only; Ctrl-C stops\n", c->db);
	int sig = 0;
	sigwait(&set, &sig);
	serve_stop(sv);
	pipeline_close(p);
	buf_free(&token);
	fprintf(stderr, "secnews: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	return EXIT_OK;
}
