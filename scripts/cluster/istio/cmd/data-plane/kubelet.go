package main

import (
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// What a kubelet works out from a pod spec: a container's environment (values, the downward API, $(VAR) references),
// its arguments, and the result of a probe.

// containerEnv resolves the env of container c the way the kubelet does, in order, each value able to refer to the
// ones before it with $(NAME). envFrom and secretKeyRef/configMapKeyRef are not used by the project's pods and are
// refused rather than left out silently.
func containerEnv(pod *corev1.Pod, c *corev1.Container, base map[string]string) ([]string, map[string]string, error) {
	values := map[string]string{}
	for k, v := range base {
		values[k] = v
	}
	if len(c.EnvFrom) > 0 {
		return nil, nil, fmt.Errorf("container %s: envFrom is not supported here", c.Name)
	}
	for _, e := range c.Env {
		var v string
		switch {
		case e.ValueFrom == nil:
			v = expand(e.Value, values)
		case e.ValueFrom.FieldRef != nil:
			var err error
			if v, err = fieldRef(pod, e.ValueFrom.FieldRef.FieldPath); err != nil {
				return nil, nil, fmt.Errorf("container %s, env %s: %w", c.Name, e.Name, err)
			}
		case e.ValueFrom.ResourceFieldRef != nil:
			var err error
			if v, err = resourceFieldRef(pod, c, e.ValueFrom.ResourceFieldRef); err != nil {
				return nil, nil, fmt.Errorf("container %s, env %s: %w", c.Name, e.Name, err)
			}
		default:
			return nil, nil, fmt.Errorf("container %s, env %s: only values and the downward API are supported here",
				c.Name, e.Name)
		}
		values[e.Name] = v
	}
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	env := make([]string, 0, len(names))
	for _, k := range names {
		env = append(env, k+"="+values[k])
	}
	return env, values, nil
}

// expand replaces $(NAME) by the value of NAME when it is defined; $$ is a literal $ (Kubernetes' rule).
func expand(s string, values map[string]string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '$' && i+1 < len(s) {
			if s[i+1] == '$' {
				b.WriteByte('$')
				i++
				continue
			}
			if s[i+1] == '(' {
				if end := strings.IndexByte(s[i+2:], ')'); end >= 0 {
					name := s[i+2 : i+2+end]
					if v, ok := values[name]; ok {
						b.WriteString(v)
						i += end + 2
						continue
					}
				}
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func fieldRef(pod *corev1.Pod, path string) (string, error) {
	switch path {
	case "metadata.name":
		return pod.Name, nil
	case "metadata.namespace":
		return pod.Namespace, nil
	case "metadata.uid":
		return string(pod.UID), nil
	case "spec.nodeName":
		return pod.Spec.NodeName, nil
	case "spec.serviceAccountName":
		return pod.Spec.ServiceAccountName, nil
	case "status.podIP":
		return pod.Status.PodIP, nil
	case "status.hostIP":
		return pod.Status.HostIP, nil
	case "status.podIPs":
		ips := make([]string, 0, len(pod.Status.PodIPs))
		for _, ip := range pod.Status.PodIPs {
			ips = append(ips, ip.IP)
		}
		return strings.Join(ips, ","), nil
	}
	for prefix, m := range map[string]map[string]string{
		"metadata.labels": pod.Labels, "metadata.annotations": pod.Annotations} {
		if strings.HasPrefix(path, prefix+"['") && strings.HasSuffix(path, "']") {
			return m[path[len(prefix)+2:len(path)-2]], nil
		}
	}
	return "", fmt.Errorf("fieldRef %s is not supported here", path)
}

// resourceFieldRef: the container's request or limit in units of the divisor, rounded up; a limit that is not set is
// the node's capacity (here: the host's CPUs; memory has no sensible stand-in and is refused).
func resourceFieldRef(pod *corev1.Pod, c *corev1.Container, ref *corev1.ResourceFieldSelector) (string, error) {
	if ref.ContainerName != "" && ref.ContainerName != c.Name {
		for i := range pod.Spec.Containers {
			if pod.Spec.Containers[i].Name == ref.ContainerName {
				c = &pod.Spec.Containers[i]
			}
		}
	}
	divisor := ref.Divisor
	if divisor.IsZero() {
		divisor = resource.MustParse("1")
	}
	kind, name, _ := strings.Cut(ref.Resource, ".")
	list := c.Resources.Limits
	if kind == "requests" {
		list = c.Resources.Requests
	}
	q, ok := list[corev1.ResourceName(name)]
	switch {
	case name == "cpu":
		if !ok {
			q = *resource.NewQuantity(int64(hostCPUs()), resource.DecimalSI)
		}
		return strconv.FormatInt(int64(math.Ceil(float64(q.MilliValue())/float64(divisor.MilliValue()))), 10), nil
	case ok:
		return strconv.FormatInt(int64(math.Ceil(float64(q.Value())/float64(divisor.Value()))), 10), nil
	}
	return "", fmt.Errorf("resourceFieldRef %s: no value set", ref.Resource)
}

// probe runs one check of a probe against the pod's IP; dial opens a connection from the node's network, where the
// kubelet's probes come from.
func probe(ctx context.Context, p *corev1.Probe, c *corev1.Container, podIP string,
	dial func(address string, timeout time.Duration) (net.Conn, error)) error {
	timeout := time.Duration(max(p.TimeoutSeconds, 1)) * time.Second
	switch {
	case p.HTTPGet != nil:
		port, err := probePort(p.HTTPGet.Port, c)
		if err != nil {
			return err
		}
		client := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true,
			DialContext: func(_ context.Context, _, address string) (net.Conn, error) { return dial(address, timeout) }},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		scheme := strings.ToLower(string(p.HTTPGet.Scheme))
		if scheme == "" {
			scheme = "http"
		}
		if scheme != "http" {
			return fmt.Errorf("probe scheme %s is not supported here", scheme)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet,
			fmt.Sprintf("http://%s%s", net.JoinHostPort(podIP, strconv.Itoa(port)), p.HTTPGet.Path), nil)
		if err != nil {
			return err
		}
		req.Header.Set("User-Agent", "kube-probe/1.37")
		for _, h := range p.HTTPGet.HTTPHeaders {
			req.Header.Set(h.Name, h.Value)
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode >= 400 {
			return fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		return nil
	case p.TCPSocket != nil:
		port, err := probePort(p.TCPSocket.Port, c)
		if err != nil {
			return err
		}
		conn, err := dial(net.JoinHostPort(podIP, strconv.Itoa(port)), timeout)
		if err != nil {
			return err
		}
		return conn.Close()
	}
	return fmt.Errorf("only httpGet and tcpSocket probes are supported here")
}

func probePort(port intstr.IntOrString, c *corev1.Container) (int, error) {
	if port.Type == intstr.Int {
		return port.IntValue(), nil
	}
	for _, p := range c.Ports {
		if p.Name == port.StrVal {
			return int(p.ContainerPort), nil
		}
	}
	return 0, fmt.Errorf("container %s has no port named %s", c.Name, port.StrVal)
}

// runAsUserSet: the pod's or the container's securityContext names the user
func runAsUserSet(pod *corev1.Pod, c *corev1.Container) bool {
	return (pod.Spec.SecurityContext != nil && pod.Spec.SecurityContext.RunAsUser != nil) ||
		(c.SecurityContext != nil && c.SecurityContext.RunAsUser != nil)
}

// user is the UID and GID a container runs as: its own securityContext over the pod's, else the image's user.
func user(pod *corev1.Pod, c *corev1.Container, imageUID int64) (int64, int64) {
	uid, gid := imageUID, imageUID
	if s := pod.Spec.SecurityContext; s != nil {
		if s.RunAsUser != nil {
			uid = *s.RunAsUser
		}
		if s.RunAsGroup != nil {
			gid = *s.RunAsGroup
		}
	}
	if s := c.SecurityContext; s != nil {
		if s.RunAsUser != nil {
			uid = *s.RunAsUser
		}
		if s.RunAsGroup != nil {
			gid = *s.RunAsGroup
		}
	}
	return uid, gid
}
