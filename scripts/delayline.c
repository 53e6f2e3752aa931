/* delayline: a constant one-way latency for the packets of one netfilter queue, for kernels without
 * tc's netem (scripts/testbed.py uses it when `tc qdisc ... netem` is refused).
 *
 *   delayline QUEUE DELAY_MS
 *
 * Every packet an iptables rule sends to NFQUEUE number QUEUE is held DELAY_MS milliseconds from the
 * moment it reaches this process, then accepted. One constant delay per queue keeps the queue FIFO,
 * so the verdicts are batches: "accept every packet up to id k". Only the packet's metadata is
 * copied to user space (NFQNL_COPY_META). SIGTERM / SIGINT end it; it prints how many packets it
 * held and the largest lateness of a release (ms) to stderr. Build (Debian: libnetfilter-queue-dev):
 *
 *   cc -O2 -o delayline scripts/delayline.c -lnetfilter_queue
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define EARLY_NS 50000 /* a release takes every packet due within 50 us: fewer wake-ups, none later */
#define RING (1u << 20) /* packets held at once; 1M x 1,500 B is far beyond any shaped link here */

static uint32_t ids[RING];
static int64_t due_ns[RING];
static uint32_t head, tail; /* held packets are [head, tail) modulo RING */
static int64_t delay_ns;
static volatile sig_atomic_t stop;
static unsigned long long held;
static int overflow;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int on_packet(struct nfq_q_handle* qh, struct nfgenmsg* msg, struct nfq_data* nfa, void* data) {
  (void)msg;
  (void)data;
  struct nfqnl_msg_packet_hdr* ph = nfq_get_msg_packet_hdr(nfa);
  if (!ph) return 0;
  uint32_t id = ntohl(ph->packet_id);
  if (tail - head == RING) { /* cannot hold it: accept at once rather than stall, and say so at the end */
    overflow = 1;
    return nfq_set_verdict(qh, id, NF_ACCEPT, 0, NULL);
  }
  ids[tail % RING] = id;
  due_ns[tail % RING] = now_ns() + delay_ns;
  ++tail;
  ++held;
  return 0;
}

static void on_signal(int s) {
  (void)s;
  stop = 1;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: delayline QUEUE DELAY_MS\n");
    return 2;
  }
  char* end;
  long queue = strtol(argv[1], &end, 10);
  if (*end || queue < 0 || queue > 65535) {
    fprintf(stderr, "delayline: QUEUE must be 0..65535, got '%s'\n", argv[1]);
    return 2;
  }
  double ms = strtod(argv[2], &end);
  if (*end || !(ms >= 0 && ms <= 10000)) {
    fprintf(stderr, "delayline: DELAY_MS must be 0..10000, got '%s'\n", argv[2]);
    return 2;
  }
  delay_ns = (int64_t)(ms * 1e6);

  struct nfq_handle* h = nfq_open();
  if (!h) {
    perror("delayline: nfq_open");
    return 1;
  }
  struct nfq_q_handle* qh = nfq_create_queue(h, (uint16_t)queue, &on_packet, NULL);
  if (!qh) {
    fprintf(stderr, "delayline: cannot bind queue %ld (is another process on it?)\n", queue);
    return 1;
  }
  if (nfq_set_mode(qh, NFQNL_COPY_META, 0) < 0 || nfq_set_queue_maxlen(qh, RING) < 0) {
    fprintf(stderr, "delayline: cannot configure queue %ld\n", queue);
    return 1;
  }
  int fd = nfq_fd(h);
  int rcvbuf = 64 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  fprintf(stderr, "delayline: queue %ld, %.3f ms\n", queue, ms);

  static char buf[1 << 16];
  double worst_late_ms = 0;
  while (!stop) {
    int64_t t = now_ns();
    if (head != tail && due_ns[head % RING] <= t + EARLY_NS) {
      uint32_t last = head;
      while (last + 1 != tail && due_ns[(last + 1) % RING] <= t + EARLY_NS) ++last;
      double late = (t - due_ns[head % RING]) / 1e6;
      if (late > worst_late_ms) worst_late_ms = late;
      nfq_set_verdict_batch(qh, ids[last % RING], NF_ACCEPT);
      head = last + 1;
      continue;
    }
    struct pollfd p = {fd, POLLIN, 0};
    struct timespec wait = {1, 0};
    if (head != tail) {
      int64_t left = due_ns[head % RING] - t;
      wait.tv_sec = left / 1000000000;
      wait.tv_nsec = left % 1000000000;
    }
    int r = ppoll(&p, 1, &wait, NULL);
    if (r < 0 && errno != EINTR) {
      perror("delayline: ppoll");
      break;
    }
    for (int k = 0; r > 0 && k < 256; ++k) { /* drain what has arrived: one wake-up for many packets */
      int n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) {
        nfq_handle_packet(h, buf, n);
        continue;
      }
      if (n < 0 && errno == ENOBUFS) fprintf(stderr, "delayline: netlink buffer overrun (packets lost)\n");
      break;
    }
  }
  if (head != tail) nfq_set_verdict_batch(qh, ids[(tail - 1) % RING], NF_ACCEPT);
  fprintf(stderr, "delayline: queue %ld held %llu packets; latest release %.3f ms late%s\n", queue, held,
          worst_late_ms, overflow ? "; RING FULL: some packets passed undelayed" : "");
  nfq_destroy_queue(qh);
  nfq_close(h);
  return overflow ? 1 : 0;
}
