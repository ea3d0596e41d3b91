package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/ptr"
)

// podRun is one pod run for real: its network namespace and the processes of its containers.
type podRun struct {
	a      *agent
	uid    types.UID
	ns     string
	name   string
	netns  string
	veth   string
	ip     string
	dir    string
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	spec     *corev1.Pod // the pod as first seen (its spec does not change)
	procs    map[string]*process
	ready    map[string]bool
	started  map[string]bool
	restarts map[string]int32
	waiting  map[string]string // why a container is not running
	stopping bool
	done     chan struct{} // closed when everything of the pod is stopped and removed
}

type process struct {
	cmd    *exec.Cmd
	exited chan struct{}
	err    error
}

const (
	proxyContainer = "istio-proxy"
	initContainer  = "istio-init"
	proxyUID       = 1337
)

// run starts the pod: network, Istio's capture, the sidecar, then the apps once the sidecar has started.
func (p *podRun) run(pod *corev1.Pod) {
	if err := p.start(pod); err != nil {
		log.Printf("pod %s/%s: %v", p.ns, p.name, err)
		p.mu.Lock()
		p.waiting["pod"] = err.Error()
		p.mu.Unlock()
		p.updateStatus()
	}
}

func (p *podRun) start(pod *corev1.Pod) error {
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		return err
	}
	if err := podNetwork(p.a.nodeNetns, p.netns, p.veth, p.ip+"/"+p.a.podPrefix); err != nil {
		return err
	}
	if pod.Spec.SecurityContext != nil {
		// as the kubelet sets them: the gateway istiod deploys for a Gateway asks for
		// net.ipv4.ip_unprivileged_port_start=0, so that its Envoy (UID 1337) binds port 80
		for _, sc := range pod.Spec.SecurityContext.Sysctls {
			if err := podSysctl(p.netns, sc.Name, sc.Value); err != nil {
				return err
			}
		}
	}
	if err := p.a.writeNameFiles(p.netns, p.ns, p.name, p.ip); err != nil {
		return err
	}
	l, err := listenIn(p.netns, "127.0.0.1:15012")
	if err != nil {
		return err
	}
	forward(p.ctx, p.name+": istiod", l, func() (net.Conn, error) {
		return net.DialTimeout("tcp", p.a.istiod, 5*time.Second)
	})
	p.updateStatus() // the pod's IP, before the sidecar asks istiod for its configuration
	pod.Status.PodIP, pod.Status.HostIP = p.ip, p.a.nodeIP
	pod.Status.PodIPs = []corev1.PodIP{{IP: p.ip}}

	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		switch {
		case c.Name == initContainer:
			if err := p.capture(c); err != nil {
				return err
			}
		case c.Name == proxyContainer:
			if err := p.startSidecar(pod, c, "sidecar"); err != nil {
				return err
			}
		default:
			return fmt.Errorf("init container %s: only Istio's are run here", c.Name)
		}
	}
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		var err error
		switch {
		case c.Name == proxyContainer && pod.Labels["istio"] == "ingressgateway":
			err = p.startSidecar(pod, c, "router")
		case c.Name == proxyContainer:
			err = p.startSidecar(pod, c, "sidecar")
		default:
			err = p.startApp(pod, c)
		}
		if err != nil {
			p.mu.Lock()
			p.waiting[c.Name] = err.Error()
			p.mu.Unlock()
			log.Printf("pod %s/%s, container %s: %v", p.ns, p.name, c.Name, err)
		}
	}
	p.updateStatus()
	return nil
}

// capture runs Istio's traffic capture in the pod's namespace with the injected istio-init container's arguments.
func (p *podRun) capture(c *corev1.Container) error {
	args := append([]string{"netns", "exec", p.netns, p.a.pilotAgent}, c.Args...)
	cmd := exec.Command("ip", args...)
	out, err := cmd.CombinedOutput()
	os.WriteFile(p.a.logPath(p.ns, p.name, c.Name), out, 0o644)
	if err != nil {
		return fmt.Errorf("istio-init (pilot-agent %s): %v", strings.Join(c.Args, " "), err)
	}
	p.mu.Lock()
	p.started[c.Name] = true
	p.mu.Unlock()
	return nil
}

// startSidecar runs pilot-agent (and through it Envoy) as the container c would, as UID 1337 in the pod's directory,
// where pilot-agent finds its token, root certificate and bootstrap template at the relative paths it uses in a pod.
func (p *podRun) startSidecar(pod *corev1.Pod, c *corev1.Container, mode string) error {
	if err := p.proxyFiles(pod); err != nil {
		return err
	}
	base := map[string]string{"PATH": os.Getenv("PATH")}
	env, values, err := containerEnv(pod, c, base)
	if err != nil {
		return err
	}
	args := c.Args
	if mode == "router" {
		// The stand-in gateway Deployment runs no image: the environment, arguments and readiness probe of Istio's
		// gateway chart.
		env, values, args = p.a.gatewayEnv(pod)
		c = c.DeepCopy()
		c.ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{
			Path: "/healthz/ready", Port: intstr.FromInt32(15021)}},
			InitialDelaySeconds: 1, PeriodSeconds: 2, TimeoutSeconds: 1, SuccessThreshold: 1, FailureThreshold: 30}
	}
	env = p.a.proxyOverrides(env, values)
	argv := []string{p.a.pilotAgent}
	for _, a := range args {
		argv = append(argv, expand(a, values))
	}
	if err := p.spawn(c.Name, proxyUID, proxyUID, env, "", argv); err != nil {
		return err
	}
	if c.StartupProbe != nil {
		if err := p.waitStarted(c); err != nil {
			return err
		}
	}
	go p.watchReadiness(c)
	return nil
}

// startApp runs the container: the service's jar as its image runs it, or, for an image of another project (a client
// pod's curl image), its command from the host's PATH. Either runs as the container's user, in the pod's network
// namespace, so that the sidecar captures its traffic as in a pod.
func (p *podRun) startApp(pod *corev1.Pod, c *corev1.Container) error {
	base := map[string]string{
		"PATH":                          os.Getenv("PATH"),
		"HOSTNAME":                      pod.Name,
		"KUBERNETES_SERVICE_HOST":       p.a.kubernetesIP,
		"KUBERNETES_SERVICE_PORT":       "443",
		"KUBERNETES_PORT":               "tcp://" + p.a.kubernetesIP + ":443",
		"KUBERNETES_PORT_443_TCP":       "tcp://" + p.a.kubernetesIP + ":443",
		"KUBERNETES_SERVICE_PORT_HTTPS": "443",
	}
	env, values, err := containerEnv(pod, c, base)
	if err != nil {
		return err
	}
	var argv []string
	if jar, ok := p.a.images[c.Image]; ok {
		if c.StartupProbe == nil && c.ReadinessProbe == nil {
			return fmt.Errorf("container %s has no probe; the pod could never be called ready here", c.Name)
		}
		argv = append([]string{p.a.java}, p.a.jvmFlags...)
		// The container's memory limit is what the JVM in the image sees as its machine's memory
		if limit, ok := c.Resources.Limits[corev1.ResourceMemory]; ok {
			argv = append(argv, "-XX:MaxRAM="+strconv.FormatInt(limit.Value(), 10))
		}
		argv = append(argv, "-jar", jar)
	} else {
		if len(c.Command) == 0 {
			return fmt.Errorf("image %s: no jar of this repository builds it (services.txt), and the container "+
				"names no command to run instead", c.Image)
		}
		if !runAsUserSet(pod, c) {
			return fmt.Errorf("container %s: image %s is not built here, so its user is unknown: set runAsUser",
				c.Name, c.Image)
		}
		for _, a := range append(append([]string{}, c.Command...), c.Args...) {
			argv = append(argv, expand(a, values))
		}
	}
	uid, gid := user(pod, c, p.a.imageUID)
	saDir := ""
	for _, m := range c.VolumeMounts {
		if m.MountPath == "/var/run/secrets/kubernetes.io/serviceaccount" {
			if saDir, err = p.serviceAccountFiles(pod); err != nil {
				return err
			}
		}
	}
	if err := p.spawn(c.Name, uid, gid, env, saDir, argv); err != nil {
		return err
	}
	go func() {
		if c.StartupProbe != nil {
			if err := p.waitStarted(c); err != nil {
				log.Printf("pod %s/%s: %v", p.ns, p.name, err)
				return
			}
		}
		p.watchReadiness(c)
	}()
	return nil
}

// spawn starts one container's process in the pod's network namespace (ip netns exec, which also puts the files of
// /etc/netns/NAME over /etc: the pod's hosts and resolv.conf), as uid:gid. saDir, when set, is mounted where a pod
// has its ServiceAccount token, in a mount namespace of the process's own (a tmpfs over /run hides the host's).
func (p *podRun) spawn(name string, uid, gid int64, env []string, saDir string, argv []string) error {
	args := []string{"netns", "exec", p.netns}
	if saDir != "" {
		args = append(args, "sh", "-c", `mount -t tmpfs -o mode=0755 tmpfs /run &&
mkdir -p /run/secrets/kubernetes.io/serviceaccount &&
mount --bind -o ro "$0" /run/secrets/kubernetes.io/serviceaccount && exec "$@"`, saDir)
	}
	args = append(args, "setpriv", "--reuid="+strconv.FormatInt(uid, 10), "--regid="+strconv.FormatInt(gid, 10),
		"--clear-groups", "--")
	args = append(args, argv...)
	logFile, err := os.OpenFile(p.a.logPath(p.ns, p.name, name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	cmd := exec.Command("ip", args...)
	cmd.Dir = p.dir
	cmd.Env = env
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return err
	}
	proc := &process{cmd: cmd, exited: make(chan struct{})}
	p.mu.Lock()
	p.procs[name] = proc
	p.started[name] = true
	delete(p.waiting, name)
	p.mu.Unlock()
	go func() {
		proc.err = cmd.Wait()
		logFile.Close()
		close(proc.exited)
		p.mu.Lock()
		stopping := p.stopping
		p.ready[name] = false
		p.started[name] = false
		if !stopping {
			p.waiting[name] = fmt.Sprintf("exited: %v", proc.err)
		}
		p.mu.Unlock()
		if !stopping {
			log.Printf("pod %s/%s: container %s exited (%v)", p.ns, p.name, name, proc.err)
			p.updateStatus()
		}
	}()
	return nil
}

// waitStarted probes the container's startup probe until it succeeds or fails failureThreshold times in a row.
func (p *podRun) waitStarted(c *corev1.Container) error {
	pr := c.StartupProbe
	failures := int32(0)
	time.Sleep(time.Duration(pr.InitialDelaySeconds) * time.Second)
	for {
		if p.ctx.Err() != nil {
			return p.ctx.Err()
		}
		if err := probe(p.ctx, pr, c, p.ip, p.a.dialNode); err == nil {
			return nil
		} else if failures++; failures >= max(pr.FailureThreshold, 1) {
			return fmt.Errorf("container %s: startup probe failed %d times: %v", c.Name, failures, err)
		}
		p.sleep(time.Duration(max(pr.PeriodSeconds, 1)) * time.Second)
	}
}

// watchReadiness runs the readiness probe every period for as long as the pod runs, and updates the pod's status
// when the container's readiness changes. Without a readiness probe, a started container is ready.
func (p *podRun) watchReadiness(c *corev1.Container) {
	pr := c.ReadinessProbe
	if pr == nil {
		p.setReady(c.Name, true)
		return
	}
	p.sleep(time.Duration(pr.InitialDelaySeconds) * time.Second)
	successes, failures := int32(0), int32(0)
	for p.ctx.Err() == nil {
		err := probe(p.ctx, pr, c, p.ip, p.a.dialNode)
		if err == nil {
			successes, failures = successes+1, 0
			if successes >= max(pr.SuccessThreshold, 1) {
				p.setReady(c.Name, true)
			}
		} else {
			successes, failures = 0, failures+1
			if failures >= max(pr.FailureThreshold, 1) {
				p.setReady(c.Name, false)
			}
		}
		p.sleep(time.Duration(max(pr.PeriodSeconds, 1)) * time.Second)
	}
}

func (p *podRun) sleep(d time.Duration) {
	select {
	case <-p.ctx.Done():
	case <-time.After(d):
	}
}

func (p *podRun) setReady(name string, ready bool) {
	p.mu.Lock()
	changed := p.ready[name] != ready && !p.stopping
	if changed {
		p.ready[name] = ready
	}
	p.mu.Unlock()
	if changed {
		log.Printf("pod %s/%s: container %s ready: %v", p.ns, p.name, name, ready)
		p.updateStatus()
	}
}

// proxyFiles writes what pilot-agent reads in a pod, at its relative paths: the ServiceAccount token for istiod's CA
// (audience istio-ca, as the injected istio-token volume), the mesh's root certificate (ConfigMap
// istio-ca-root-cert, as the istiod-ca-cert volume), the pod's labels and annotations (the istio-podinfo downward API
// volume), and Envoy's bootstrap template (in Istio's proxy image).
func (p *podRun) proxyFiles(pod *corev1.Pod) error {
	ctx, cancel := context.WithTimeout(p.ctx, 60*time.Second)
	defer cancel()
	token, err := p.a.kube.CoreV1().ServiceAccounts(p.ns).CreateToken(ctx, serviceAccount(pod),
		&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{
			Audiences: []string{"istio-ca"}, ExpirationSeconds: ptr.To(int64(43200)),
			BoundObjectRef: &authenticationv1.BoundObjectReference{Kind: "Pod", APIVersion: "v1",
				Name: pod.Name, UID: pod.UID}}}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("istio-token: %w", err)
	}
	var root string
	for root == "" {
		cm, err := p.a.kube.CoreV1().ConfigMaps(p.ns).Get(ctx, "istio-ca-root-cert", metav1.GetOptions{})
		if err == nil {
			root = cm.Data["root-cert.pem"]
		} else if ctx.Err() != nil {
			return fmt.Errorf("ConfigMap istio-ca-root-cert in %s: %w", p.ns, err)
		} else {
			time.Sleep(500 * time.Millisecond)
		}
	}
	template, err := os.ReadFile(p.a.bootstrapTemplate)
	if err != nil {
		return err
	}
	ca, err := os.ReadFile(p.a.caCert)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"var/run/secrets/tokens/istio-token":            []byte(token.Status.Token),
		"var/run/secrets/istio/root-cert.pem":           []byte(root),
		"var/lib/istio/envoy/envoy_bootstrap_tmpl.json": template,
		"etc/istio/pod/labels":                          []byte(downward(pod.Labels)),
		"etc/istio/pod/annotations":                     []byte(downward(pod.Annotations)),
		"var/run/secrets/cluster/ca.crt":                ca,
	}
	for name, data := range files {
		path := filepath.Join(p.dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	for _, d := range []string{"etc/istio/proxy", "var/lib/istio/data", "var/run/secrets/workload-spiffe-uds",
		"var/run/secrets/workload-spiffe-credentials", "var/run/secrets/credential-uds"} {
		if err := os.MkdirAll(filepath.Join(p.dir, d), 0o755); err != nil {
			return err
		}
	}
	return filepath.Walk(p.dir, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, proxyUID, proxyUID)
	})
}

// serviceAccountFiles writes the projected ServiceAccount volume the kubelet mounts into an app container: a token
// for the API server, its CA and the namespace.
func (p *podRun) serviceAccountFiles(pod *corev1.Pod) (string, error) {
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	token, err := p.a.kube.CoreV1().ServiceAccounts(p.ns).CreateToken(ctx, serviceAccount(pod),
		&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: ptr.To(int64(3607)),
			BoundObjectRef: &authenticationv1.BoundObjectReference{Kind: "Pod", APIVersion: "v1",
				Name: pod.Name, UID: pod.UID}}}, metav1.CreateOptions{})
	if err != nil {
		return "", fmt.Errorf("ServiceAccount token: %w", err)
	}
	cm, err := p.a.kube.CoreV1().ConfigMaps(p.ns).Get(ctx, "kube-root-ca.crt", metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("ConfigMap kube-root-ca.crt: %w", err)
	}
	dir := filepath.Join(filepath.Dir(p.dir), filepath.Base(p.dir)+".serviceaccount")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for name, data := range map[string]string{"token": token.Status.Token, "ca.crt": cm.Data["ca.crt"],
		"namespace": p.ns} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			return "", err
		}
	}
	return dir, nil
}

func serviceAccount(pod *corev1.Pod) string {
	if pod.Spec.ServiceAccountName == "" {
		return "default"
	}
	return pod.Spec.ServiceAccountName
}

// downward renders a map as the downward API writes labels and annotations into a file: key="value" lines.
func downward(m map[string]string) string {
	var b strings.Builder
	for k, v := range m {
		b.WriteString(k + "=" + strconv.Quote(v) + "\n")
	}
	return b.String()
}

// terminate stops the pod as a kubelet does on deletion: each app container's preStop sleep, SIGTERM, up to the grace
// period, SIGKILL; then the sidecar (pilot-agent drains Envoy on SIGTERM), then the network. grace < 0: the agent
// stops (the cluster goes down), without preStop.
func (p *podRun) terminate(grace time.Duration) {
	p.mu.Lock()
	if p.stopping {
		p.mu.Unlock()
		<-p.done
		return
	}
	p.stopping = true
	p.mu.Unlock()
	deadline := time.Now().Add(grace)
	fast := grace < 0
	if fast {
		deadline = time.Now().Add(5 * time.Second)
	}
	var apps []string
	for _, c := range p.spec.Spec.Containers {
		if c.Name == proxyContainer {
			continue
		}
		apps = append(apps, c.Name)
	}
	var wg sync.WaitGroup
	for i := range p.spec.Spec.Containers {
		c := &p.spec.Spec.Containers[i]
		if c.Name == proxyContainer {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !fast && c.Lifecycle != nil && c.Lifecycle.PreStop != nil && c.Lifecycle.PreStop.Sleep != nil {
				time.Sleep(min(time.Duration(c.Lifecycle.PreStop.Sleep.Seconds)*time.Second, time.Until(deadline)))
			}
			p.stopProcess(c.Name, deadline)
		}()
	}
	wg.Wait()
	// the sidecar last, with at least two seconds (a native sidecar's minimum)
	p.stopProcess(proxyContainer, maxTime(deadline, time.Now().Add(2*time.Second)))
	p.cancel()
	removeNetns(p.netns)
	os.RemoveAll(p.dir)
	os.RemoveAll(p.dir + ".serviceaccount")
	close(p.done)
}

func (p *podRun) stopProcess(name string, deadline time.Time) {
	p.mu.Lock()
	proc := p.procs[name]
	p.mu.Unlock()
	if proc == nil {
		return
	}
	select {
	case <-proc.exited:
		return
	default:
	}
	proc.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-proc.exited:
	case <-time.After(time.Until(deadline)):
		log.Printf("pod %s/%s: container %s did not stop in its grace period: SIGKILL", p.ns, p.name, name)
		syscall.Kill(-proc.cmd.Process.Pid, syscall.SIGKILL)
		proc.cmd.Process.Kill()
		<-proc.exited
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// updateStatus writes the pod's status as a kubelet would: Running with its IP once its network exists, each
// container's state, and Ready only when every container's readiness probe passes.
func (p *podRun) updateStatus() {
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		ctx, cancel := context.WithTimeout(p.a.ctx, 10*time.Second)
		defer cancel()
		pod, err := p.a.kube.CoreV1().Pods(p.ns).Get(ctx, p.name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if pod.UID != p.uid {
			return nil
		}
		p.fillStatus(pod)
		_, err = p.a.kube.CoreV1().Pods(p.ns).UpdateStatus(ctx, pod, metav1.UpdateOptions{})
		return err
	})
	if err != nil && p.a.ctx.Err() == nil {
		log.Printf("pod %s/%s: status: %v", p.ns, p.name, err)
	}
}

func (p *podRun) fillStatus(pod *corev1.Pod) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := metav1.Now()
	s := &pod.Status
	s.Phase = corev1.PodRunning
	s.PodIP = p.ip
	s.PodIPs = []corev1.PodIP{{IP: p.ip}}
	s.HostIP = p.a.nodeIP
	s.HostIPs = []corev1.HostIP{{IP: p.a.nodeIP}}
	if s.StartTime == nil {
		s.StartTime = &now
	}
	status := func(c corev1.Container) corev1.ContainerStatus {
		cs := corev1.ContainerStatus{Name: c.Name, Image: c.Image, ImageID: c.Image, Ready: p.ready[c.Name],
			RestartCount: p.restarts[c.Name], Started: ptr.To(p.started[c.Name])}
		for _, old := range append(append([]corev1.ContainerStatus{}, s.ContainerStatuses...),
			s.InitContainerStatuses...) {
			if old.Name == c.Name && old.State.Running != nil && p.started[c.Name] {
				cs.State = old.State
			}
		}
		switch {
		case cs.State.Running != nil:
		case p.started[c.Name]:
			cs.State.Running = &corev1.ContainerStateRunning{StartedAt: now}
		case p.waiting[c.Name] != "":
			cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "NotRunHere", Message: p.waiting[c.Name]}
		default:
			cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "PodInitializing"}
		}
		return cs
	}
	s.InitContainerStatuses = nil
	initialized := true
	for _, c := range pod.Spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			s.InitContainerStatuses = append(s.InitContainerStatuses, status(c))
			initialized = initialized && p.started[c.Name]
			continue
		}
		cs := corev1.ContainerStatus{Name: c.Name, Image: c.Image, ImageID: c.Image}
		if p.started[c.Name] {
			cs.Ready = true
			cs.State.Terminated = &corev1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed"}
		} else {
			initialized = false
			cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "PodInitializing"}
		}
		s.InitContainerStatuses = append(s.InitContainerStatuses, cs)
	}
	s.ContainerStatuses = nil
	allReady := initialized
	for _, c := range pod.Spec.Containers {
		cs := status(c)
		allReady = allReady && cs.Ready
		s.ContainerStatuses = append(s.ContainerStatuses, cs)
	}
	for _, c := range pod.Spec.InitContainers {
		if c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways {
			allReady = allReady && p.ready[c.Name]
		}
	}
	setCondition(s, corev1.PodInitialized, initialized, now)
	setCondition(s, corev1.ContainersReady, allReady, now)
	setCondition(s, corev1.PodReady, allReady, now)
}

func setCondition(s *corev1.PodStatus, t corev1.PodConditionType, ok bool, now metav1.Time) {
	value := corev1.ConditionFalse
	if ok {
		value = corev1.ConditionTrue
	}
	for i := range s.Conditions {
		if s.Conditions[i].Type == t {
			if s.Conditions[i].Status != value {
				s.Conditions[i].Status = value
				s.Conditions[i].LastTransitionTime = now
			}
			return
		}
	}
	s.Conditions = append(s.Conditions, corev1.PodCondition{Type: t, Status: value, LastTransitionTime: now})
}

// proxyOverrides: what pilot-agent needs because istiod runs outside the cluster, on the host's loopback (reached
// through the forwarder at the pod's 127.0.0.1:15012) with a serving certificate of the cluster script's CA, and
// because Envoy is the upstream build unpacked by cluster.sh build instead of the proxy image's /usr/local/bin/envoy.
func (a *agent) proxyOverrides(env []string, values map[string]string) []string {
	proxyConfig := map[string]any{}
	if s := values["PROXY_CONFIG"]; s != "" {
		if err := json.Unmarshal([]byte(s), &proxyConfig); err != nil {
			log.Printf("PROXY_CONFIG is not JSON (%v): replaced", err)
		}
	}
	proxyConfig["discoveryAddress"] = "127.0.0.1:15012"
	proxyConfig["binaryPath"] = a.envoy
	pc, _ := json.Marshal(proxyConfig)
	overrides := map[string]string{
		"PROXY_CONFIG": string(pc),
		"CA_ADDR":      "127.0.0.1:15012",
		"ISTIOD_SAN":   "istiod.istio-system.svc",
		"XDS_ROOT_CA":  "./var/run/secrets/cluster/ca.crt",
		"CA_ROOT_CA":   "./var/run/secrets/cluster/ca.crt",
	}
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if _, ok := overrides[name]; !ok {
			out = append(out, kv)
		}
	}
	for k, v := range overrides {
		out = append(out, k+"="+v)
	}
	return out
}

// gatewayEnv: the environment and arguments Istio's gateway chart gives the ingress gateway's istio-proxy container.
func (a *agent) gatewayEnv(pod *corev1.Pod) ([]string, map[string]string, []string) {
	workload := pod.Labels["app"]
	values := map[string]string{
		"PATH":                     os.Getenv("PATH"),
		"POD_NAME":                 pod.Name,
		"POD_NAMESPACE":            pod.Namespace,
		"INSTANCE_IP":              p0(pod.Status.PodIP, a.ipOf(pod.UID)),
		"HOST_IP":                  a.nodeIP,
		"NODE_NAME":                pod.Spec.NodeName,
		"SERVICE_ACCOUNT":          serviceAccount(pod),
		"ISTIO_META_WORKLOAD_NAME": workload,
		"ISTIO_META_OWNER":         "kubernetes://apis/apps/v1/namespaces/" + pod.Namespace + "/deployments/" + workload,
		"ISTIO_META_MESH_ID":       "cluster.local",
		"TRUST_DOMAIN":             "cluster.local",
		"ISTIO_META_CLUSTER_ID":    "Kubernetes",
		"ISTIO_META_NODE_NAME":     pod.Spec.NodeName,
		"PILOT_CERT_PROVIDER":      "istiod",
		"JWT_POLICY":               "third-party-jwt",
		"ISTIO_META_ROUTER_MODE":   "standard",
		"ISTIO_CPU_LIMIT":          strconv.Itoa(hostCPUs()),
		"PROXY_CONFIG":             "{}",
	}
	var env []string
	for k, v := range values {
		env = append(env, k+"="+v)
	}
	args := []string{"proxy", "router", "--domain", pod.Namespace + ".svc.cluster.local",
		"--proxyLogLevel=warning", "--proxyComponentLogLevel=misc:error", "--log_output_level=default:info"}
	return env, values, args
}

func p0(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
