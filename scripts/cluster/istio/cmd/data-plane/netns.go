package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/vishvananda/netns"
)

// The network: every pod is a network namespace with one veth (eth0) holding its IP in the pod range, whose peer sits
// on a bridge inside a namespace of its own (the "node network"). The host's namespace gets no address, route or link:
// the only ways in and out are the forwarders below, whose one end is a socket on the host's loopback.

// ip runs the ip command with these arguments.
func ip(args ...string) error {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// inNetns runs f on an OS thread switched into the network namespace name: a socket made by f belongs to that
// namespace for its whole life, whichever thread uses it later.
func inNetns(name string, f func() error) error {
	runtime.LockOSThread()
	host, err := netns.Get()
	if err != nil {
		runtime.UnlockOSThread()
		return err
	}
	defer host.Close()
	target, err := netns.GetFromName(name)
	if err != nil {
		runtime.UnlockOSThread()
		return fmt.Errorf("network namespace %s: %w", name, err)
	}
	defer target.Close()
	if err := netns.Set(target); err != nil {
		runtime.UnlockOSThread()
		return err
	}
	ferr := f()
	if err := netns.Set(host); err != nil {
		// the thread stays locked and ends with this goroutine, so no other code runs in the wrong namespace
		return fmt.Errorf("back to the host's network namespace: %w", err)
	}
	runtime.UnlockOSThread()
	return ferr
}

func listenIn(namespace, address string) (net.Listener, error) {
	var l net.Listener
	err := inNetns(namespace, func() (err error) {
		l, err = net.Listen("tcp", address)
		return err
	})
	return l, err
}

func dialIn(namespace, address string, timeout time.Duration) (net.Conn, error) {
	var c net.Conn
	err := inNetns(namespace, func() (err error) {
		c, err = net.DialTimeout("tcp", address, timeout)
		return err
	})
	return c, err
}

// forward accepts connections on l until ctx ends and joins each to a connection that dial makes.
func forward(ctx context.Context, what string, l net.Listener, dial func() (net.Conn, error)) {
	go func() {
		<-ctx.Done()
		l.Close()
	}()
	go func() {
		for {
			in, err := l.Accept()
			if err != nil {
				if ctx.Err() == nil {
					log.Printf("%s: %v", what, err)
				}
				return
			}
			go func() {
				defer in.Close()
				out, err := dial()
				if err != nil {
					log.Printf("%s: %v", what, err)
					return
				}
				defer out.Close()
				done := make(chan struct{}, 2)
				pipe := func(to, from net.Conn) {
					io.Copy(to, from)
					if tcp, ok := to.(*net.TCPConn); ok {
						tcp.CloseWrite()
					}
					done <- struct{}{}
				}
				go pipe(out, in)
				go pipe(in, out)
				<-done
				<-done
			}()
		}
	}()
}

// nodeNetwork makes the namespace with the bridge that every pod's veth joins, and gives the bridge the node's
// address in the pod range (the address of the API server's endpoint).
func nodeNetwork(name, nodeCIDR string) error {
	if err := ip("netns", "add", name); err != nil {
		return err
	}
	for _, args := range [][]string{
		{"-n", name, "link", "set", "lo", "up"},
		{"-n", name, "link", "add", "br0", "type", "bridge"},
		{"-n", name, "addr", "add", nodeCIDR, "dev", "br0"},
		{"-n", name, "link", "set", "br0", "up"},
	} {
		if err := ip(args...); err != nil {
			return err
		}
	}
	return nil
}

// podNetwork makes the pod's namespace: eth0 with the pod's IP (prefix of the pod range), a default route over it (so
// that Service IPs route, to be captured before they leave), its peer vethN on the node's bridge.
func podNetwork(node, name, veth, cidr string) error {
	if err := ip("netns", "add", name); err != nil {
		return err
	}
	for _, args := range [][]string{
		{"-n", node, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", name},
		{"-n", node, "link", "set", veth, "master", "br0", "up"},
		{"-n", name, "link", "set", "lo", "up"},
		{"-n", name, "addr", "add", cidr, "dev", "eth0"},
		{"-n", name, "link", "set", "eth0", "up"},
		{"-n", name, "route", "add", "default", "dev", "eth0"},
	} {
		if err := ip(args...); err != nil {
			return err
		}
	}
	return nil
}

// podSysctl sets a sysctl of the pod's network namespace (only net.*: the others are the host's, not the pod's).
func podSysctl(name, key, value string) error {
	if !strings.HasPrefix(key, "net.") {
		return fmt.Errorf("sysctl %s: only the network namespace's (net.*) are set here", key)
	}
	return ip("netns", "exec", name, "sysctl", "-qw", key+"="+value)
}

// removeNetns deletes a namespace (its veth goes with it) and its files under /etc/netns.
func removeNetns(name string) {
	if _, err := os.Stat("/run/netns/" + name); err == nil {
		if err := ip("netns", "del", name); err != nil {
			log.Print(err)
		}
	}
	os.RemoveAll("/etc/netns/" + name)
}
