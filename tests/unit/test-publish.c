/* test-publish.c - unit tests of the --publish rule parser (TAP). */
#include <string.h>
#include <sys/socket.h>

#include "publish.h"
#include "tap.h"

static void good(const char *in, const char *formatted)
{
	struct publish p;
	const char *why = "";
	char buf[96] = "";
	int rc = publish_parse(in, &p, &why);

	if (rc == 0)
		publish_format(&p, buf, sizeof(buf));
	ok(rc == 0 && strcmp(buf, formatted) == 0, "publish '%s' -> '%s' (got '%s'%s%s)", in, formatted,
	   buf, rc ? ": " : "", rc ? why : "");
}

static void bad(const char *in, const char *reason)
{
	struct publish p;
	const char *why = "";

	ok(publish_parse(in, &p, &why) < 0 && strstr(why, reason), "refused '%s': %s (%s)", in, reason, why);
}

int main(void)
{
	good("8080:80", "8080:80/tcp");
	good("8080:80/tcp", "8080:80/tcp");
	good("53:53/udp", "53:53/udp");
	good("1:65535", "1:65535/tcp");
	good("127.0.0.1:8080:80", "127.0.0.1:8080:80/tcp");
	good("203.0.113.7:443:8443/udp", "203.0.113.7:443:8443/udp");
	good("[::1]:8080:80", "[::1]:8080:80/tcp");
	good("[2001:db8::1]:53:5353/udp", "[2001:db8::1]:53:5353/udp");
	bad("", "empty rule");
	bad("80", "want [HOSTIP:]HOSTPORT:PORT");
	bad("80/tcp", "want");
	bad(":80", "empty port");
	bad("80:", "empty port");
	bad("0:80", "1 to 65535");
	bad("80:0", "1 to 65535");
	bad("65536:80", "1 to 65535");
	bad("99999999999999999999:80", "1 to 65535");
	bad("080:80", "leading zero");
	bad("-1:80", "decimal");
	bad("+80:80", "decimal");
	bad(" 80:80", "decimal");
	bad("80:80/sctp", "tcp or udp");
	bad("80:80/TCP", "tcp or udp");
	bad("80:80/", "tcp or udp");
	bad("80:80/tcp/udp", "decimal");
	bad(":8080:80", "empty HOSTIP");
	bad("1.2.3:8080:80", "not an IPv4");
	bad("300.1.1.1:8080:80", "not an IPv4");
	bad("::1:8080:80", "in brackets");
	bad("[::1:8080:80", "decimal");
	bad("[1.2.3.4]:8080:80", "not an IPv4");
	bad("[]:8080:80", "not an IPv4");
	bad("a:b:c", "decimal");
	bad("1.2.3.4:5:6:7", "in brackets");
	return tap_done();
}
