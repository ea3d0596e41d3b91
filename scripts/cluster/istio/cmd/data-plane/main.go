// data-plane runs the pods of the local cluster's data plane for real (scripts/cluster.sh up --data-plane), beside
// KWOK: it is the kubelet of the pods of the namespaces it is given and of the ingress gateway, which KWOK's stages
// leave alone in that mode (kwok-stages). For each such pod it makes a Linux network namespace holding an IP of its own
// part of the pod range, on a bridge in a namespace of its own, runs Istio's capture (pilot-agent istio-iptables with
// the injected istio-init container's arguments), pilot-agent + upstream Envoy as the sidecar (or, for the gateway,
// as a router) with the injected container's environment, and the service's jar as its image starts it (a container
// of another project's image, such as a client pod's curl, runs its command as its user instead); it runs the
// pod's probes from the node's network and writes the pod's status, so that a pod is Ready, and istiod sends its
// endpoint, only once its app answers its readiness probe; on deletion it stops the pod as a kubelet does and then
// deletes it. It forwards istiod into every pod's 127.0.0.1:15012, the API server to the node's address (the
// endpoint of the kubernetes Service) and the gateway's ports to the host's loopback: the host's namespace gets no
// route to a pod or Service address.
//
//	data-plane run FLAGS          the agent
//	data-plane kwok-stages FLAGS  KWOK's stages (stdin) with the pods of this agent left out of pod-ready and pod-delete
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	listersv1 "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/yaml"
)

type agent struct {
	ctx  context.Context
	kube kubernetes.Interface

	prefix            string // of every network namespace this agent makes
	nodeNetns         string
	podPrefix         string // prefix length of the pod range, e.g. 16
	nodeIP            string // the node's address in the pod range: the API server's endpoint
	kubernetesIP      string
	namespaces        map[string]bool
	istiod            string // host address of istiod's secure xDS/CA port
	apiserver         string
	state             string // a directory per pod
	logs              string
	images            map[string]string // image → jar
	java              string
	jvmFlags          []string
	imageUID          int64
	pilotAgent        string
	envoy             string
	bootstrapTemplate string
	caCert            string
	outsideNames      []string // names of hosts outside the cluster, given the node's address

	services listersv1.ServiceLister

	mu     sync.Mutex
	pods   map[types.UID]*podRun
	nextIP netip.Addr
	lastIP netip.Addr
	free   []netip.Addr
	index  int
}

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(s string) error { *r = append(*r, s); return nil }

func main() {
	log.SetFlags(log.Ltime | log.Lmicroseconds)
	if len(os.Args) < 2 {
		log.Fatal("usage: data-plane run FLAGS | data-plane kwok-stages FLAGS")
	}
	switch os.Args[1] {
	case "run":
		run(os.Args[2:])
	case "kwok-stages":
		kwokStages(os.Args[2:])
	default:
		log.Fatalf("unknown command %s", os.Args[1])
	}
}

// kwokStages reads KWOK's stages and writes them with two selector terms added to pod-ready and pod-delete: not in the
// agent's namespaces, not the ingress gateway. Those pods get their IP, status and deletion from the agent.
func kwokStages(args []string) {
	fs := flag.NewFlagSet("kwok-stages", flag.ExitOnError)
	namespaces := fs.String("namespaces", "weather", "the namespaces whose pods the agent runs")
	fs.Parse(args)
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		log.Fatal(err)
	}
	for _, doc := range strings.Split(string(in), "\n---") {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		var stage map[string]any
		if err := yaml.Unmarshal([]byte(doc), &stage); err != nil {
			log.Fatal(err)
		}
		name, _ := stage["metadata"].(map[string]any)["name"].(string)
		if name == "pod-ready" || name == "pod-delete" {
			selector := stage["spec"].(map[string]any)["selector"].(map[string]any)
			expressions, _ := selector["matchExpressions"].([]any)
			selector["matchExpressions"] = append(expressions,
				map[string]any{"key": ".metadata.namespace", "operator": "NotIn",
					"values": strings.Split(*namespaces, ",")},
				map[string]any{"key": ".metadata.labels.istio", "operator": "NotIn",
					"values": []string{"ingressgateway"}})
		}
		out, err := yaml.Marshal(stage)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("---\n%s", out)
	}
}

func run(args []string) {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	kubeconfig := fs.String("kubeconfig", "", "the cluster's kubeconfig")
	prefix := fs.String("prefix", "wf0-", "prefix of every network namespace made")
	podRange := fs.String("pod-range", "10.244.128.0/17", "the part of the pod range whose IPs this agent gives pods")
	podCIDR := fs.String("pod-cidr", "10.244.0.0/16", "the cluster's pod range")
	nodeIP := fs.String("node-ip", "10.244.255.254", "the node's address in the pod range")
	kubernetesIP := fs.String("kubernetes-ip", "10.96.0.1", "the kubernetes Service's IP")
	namespaces := fs.String("namespaces", "weather", "the namespaces whose pods this agent runs (and the ingress gateway)")
	istiod := fs.String("istiod", "127.0.0.1:15012", "istiod's secure xDS and CA address on the host")
	apiserver := fs.String("apiserver", "127.0.0.1:6443", "the API server's address on the host")
	state := fs.String("state", "", "the directory for the pods' files")
	logs := fs.String("logs", "", "the directory for the containers' logs")
	var images, jvmFlags, gatewayPorts, nodePorts, outsideNames repeated
	fs.Var(&images, "image", "IMAGE=JAR: the jar the image runs (repeated)")
	java := fs.String("java", "java", "the java binary")
	fs.Var(&jvmFlags, "jvm-flag", "a JVM flag of the images (repeated)")
	imageUID := fs.Int64("image-uid", 65532, "the images' user")
	pilotAgent := fs.String("pilot-agent", "", "pilot-agent")
	envoy := fs.String("envoy", "", "envoy")
	bootstrap := fs.String("bootstrap-template", "", "Istio's envoy_bootstrap.json")
	caCert := fs.String("ca-cert", "", "the CA of istiod's serving certificate")
	fs.Var(&gatewayPorts, "gateway-port", "HOSTPORT=PODPORT: a host loopback port forwarded to the gateway (repeated)")
	fs.Var(&nodePorts, "node-port", "HOSTPORT=NODEPORT: a host loopback port forwarded to the node network's "+
		"127.0.0.1:NODEPORT, where a process run in the node's namespace listens (repeated)")
	fs.Var(&outsideNames, "outside-name", "a host outside the cluster that a lesson calls: the pods resolve it to the "+
		"node's address (repeated)")
	fs.Parse(args)

	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatal(err)
	}
	config.QPS, config.Burst = 50, 100
	kube := kubernetes.NewForConfigOrDie(config)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	pr := netip.MustParsePrefix(*podRange)
	cidr := netip.MustParsePrefix(*podCIDR)
	a := &agent{ctx: ctx, kube: kube, prefix: *prefix, nodeNetns: *prefix + "node",
		podPrefix: strconv.Itoa(cidr.Bits()), nodeIP: *nodeIP, kubernetesIP: *kubernetesIP,
		namespaces: map[string]bool{}, istiod: *istiod, apiserver: *apiserver, state: *state, logs: *logs,
		images: map[string]string{}, java: *java, jvmFlags: jvmFlags, imageUID: *imageUID,
		pilotAgent: *pilotAgent, envoy: *envoy, bootstrapTemplate: *bootstrap, caCert: *caCert,
		outsideNames: outsideNames, pods: map[types.UID]*podRun{}, nextIP: pr.Addr().Next(), lastIP: lastAddr(pr)}
	for _, n := range strings.Split(*namespaces, ",") {
		a.namespaces[n] = true
	}
	for _, i := range images {
		image, jar, ok := strings.Cut(i, "=")
		if !ok {
			log.Fatalf("--image %s: IMAGE=JAR", i)
		}
		a.images[image] = jar
	}
	for _, d := range []string{a.state, a.logs} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			log.Fatal(err)
		}
	}
	if err := nodeNetwork(a.nodeNetns, a.nodeIP+"/"+a.podPrefix); err != nil {
		removeNetns(a.nodeNetns)
		log.Fatal(err)
	}
	defer removeNetns(a.nodeNetns)
	if err := a.forwards(gatewayPorts, nodePorts); err != nil {
		log.Print(err)
		return
	}
	if err := a.kubernetesEndpoints(); err != nil {
		log.Print(err)
		return
	}

	factory := informers.NewSharedInformerFactory(kube, 0)
	a.services = factory.Core().V1().Services().Lister()
	factory.Core().V1().Services().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(any) { a.rewriteNameFiles() },
		UpdateFunc: func(any, any) { a.rewriteNameFiles() },
		DeleteFunc: func(any) { a.rewriteNameFiles() },
	})
	factory.Core().V1().Pods().Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(o any) { a.sync(o) },
		UpdateFunc: func(_, o any) { a.sync(o) },
		DeleteFunc: func(o any) { a.gone(o) },
	})
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	log.Printf("running the pods of %s and the ingress gateway", *namespaces)
	<-ctx.Done()

	log.Print("stopping every pod")
	a.mu.Lock()
	var all []*podRun
	for _, p := range a.pods {
		all = append(all, p)
	}
	a.mu.Unlock()
	var wg sync.WaitGroup
	for _, p := range all {
		wg.Add(1)
		go func() { defer wg.Done(); p.terminate(-1) }()
	}
	wg.Wait()
	factory.Shutdown()
}

func lastAddr(p netip.Prefix) netip.Addr {
	a := p.Addr().As4()
	n := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	n |= 1<<(32-p.Bits()) - 1
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}

func hostCPUs() int { return runtime.NumCPU() }

func (a *agent) manages(pod *corev1.Pod) bool {
	return pod.Spec.NodeName != "" && (a.namespaces[pod.Namespace] || pod.Labels["istio"] == "ingressgateway")
}

// sync reacts to a pod's add or update: starts it once it is scheduled, stops it once it is being deleted.
func (a *agent) sync(o any) {
	pod, ok := o.(*corev1.Pod)
	if !ok || !a.manages(pod) || a.ctx.Err() != nil {
		return
	}
	a.mu.Lock()
	p, known := a.pods[pod.UID]
	if !known && pod.DeletionTimestamp == nil && pod.Status.Phase != corev1.PodSucceeded &&
		pod.Status.Phase != corev1.PodFailed {
		ip, err := a.allocate()
		if err != nil {
			a.mu.Unlock()
			log.Printf("pod %s/%s: %v", pod.Namespace, pod.Name, err)
			return
		}
		a.index++
		ctx, cancel := context.WithCancel(a.ctx)
		p = &podRun{a: a, uid: pod.UID, ns: pod.Namespace, name: pod.Name, ip: ip.String(),
			netns: a.prefix + pod.Namespace + "-" + pod.Name, veth: "veth" + strconv.Itoa(a.index),
			dir: filepath.Join(a.state, pod.Namespace+"_"+pod.Name), ctx: ctx, cancel: cancel,
			spec: pod.DeepCopy(), procs: map[string]*process{}, ready: map[string]bool{},
			started: map[string]bool{}, restarts: map[string]int32{}, waiting: map[string]string{},
			done: make(chan struct{})}
		a.pods[pod.UID] = p
		a.mu.Unlock()
		log.Printf("pod %s/%s: starting with IP %s", pod.Namespace, pod.Name, p.ip)
		go p.run(pod.DeepCopy())
		return
	}
	a.mu.Unlock()
	if !known && pod.DeletionTimestamp != nil {
		// being deleted and never run by this agent (it started after the deletion): nothing to stop
		err := a.kube.CoreV1().Pods(pod.Namespace).Delete(a.ctx, pod.Name, metav1.DeleteOptions{
			GracePeriodSeconds: ptr.To(int64(0)), Preconditions: &metav1.Preconditions{UID: &pod.UID}})
		if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
			log.Printf("pod %s/%s: delete: %v", pod.Namespace, pod.Name, err)
		}
		return
	}
	if known && pod.DeletionTimestamp != nil {
		p.mu.Lock()
		stopping := p.stopping
		p.mu.Unlock()
		if !stopping {
			grace := 30 * time.Second
			if pod.DeletionGracePeriodSeconds != nil {
				grace = time.Duration(*pod.DeletionGracePeriodSeconds) * time.Second
			}
			go a.delete(p, grace)
		}
	}
}

// delete stops a pod being deleted within its grace period, then removes it from the API server, as a kubelet does.
func (a *agent) delete(p *podRun, grace time.Duration) {
	log.Printf("pod %s/%s: terminating (grace period %s)", p.ns, p.name, grace)
	p.terminate(grace)
	err := a.kube.CoreV1().Pods(p.ns).Delete(a.ctx, p.name, metav1.DeleteOptions{
		GracePeriodSeconds: ptr.To(int64(0)), Preconditions: &metav1.Preconditions{UID: &p.uid}})
	if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
		log.Printf("pod %s/%s: delete: %v", p.ns, p.name, err)
	}
	log.Printf("pod %s/%s: terminated", p.ns, p.name)
}

// gone: a pod that disappeared without passing through a graceful deletion (e.g. deleted with grace 0)
func (a *agent) gone(o any) {
	if t, ok := o.(cache.DeletedFinalStateUnknown); ok {
		o = t.Obj
	}
	pod, ok := o.(*corev1.Pod)
	if !ok {
		return
	}
	a.mu.Lock()
	p, known := a.pods[pod.UID]
	a.mu.Unlock()
	if !known {
		return
	}
	go func() {
		p.terminate(0)
		a.mu.Lock()
		delete(a.pods, pod.UID)
		if ip, err := netip.ParseAddr(p.ip); err == nil {
			a.free = append(a.free, ip)
		}
		a.mu.Unlock()
	}()
}

// allocate: an unused IP of the agent's part of the pod range (a.mu held)
func (a *agent) allocate() (netip.Addr, error) {
	if len(a.free) > 0 {
		ip := a.free[0]
		a.free = a.free[1:]
		return ip, nil
	}
	if !a.nextIP.Less(a.lastIP) || a.nextIP.String() == a.nodeIP {
		return netip.Addr{}, fmt.Errorf("no pod IP left")
	}
	ip := a.nextIP
	a.nextIP = a.nextIP.Next()
	return ip, nil
}

func (a *agent) ipOf(uid types.UID) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if p, ok := a.pods[uid]; ok {
		return p.ip
	}
	return ""
}

func (a *agent) logPath(ns, pod, container string) string {
	return filepath.Join(a.logs, ns+"_"+pod+"_"+container+".log")
}

// dialNode opens a connection from the node's network namespace, where probes and the gateway's traffic come from.
func (a *agent) dialNode(address string, timeout time.Duration) (net.Conn, error) {
	return dialIn(a.nodeNetns, address, timeout)
}

// forwards: the API server at the node's address (port 443) in the pod network, each gateway port from the
// host's loopback to the ingress gateway's pod, and each node port from the host's loopback to the node network's own
// loopback (Prometheus runs there: it reaches the pods, and the host reaches it only through this port).
func (a *agent) forwards(gatewayPorts, nodePorts []string) error {
	l, err := listenIn(a.nodeNetns, net.JoinHostPort(a.nodeIP, "443"))
	if err != nil {
		return err
	}
	forward(a.ctx, "kube-apiserver", l, func() (net.Conn, error) {
		return net.DialTimeout("tcp", a.apiserver, 5*time.Second)
	})
	for _, gp := range gatewayPorts {
		host, pod, ok := strings.Cut(gp, "=")
		if !ok {
			return fmt.Errorf("--gateway-port %s: HOSTPORT=PODPORT", gp)
		}
		if err := a.fromHost(host, "gateway :"+host, func() (net.Conn, error) {
			ip := a.gatewayIP()
			if ip == "" {
				return nil, fmt.Errorf("no ingress gateway pod runs")
			}
			return a.dialNode(net.JoinHostPort(ip, pod), 5*time.Second)
		}); err != nil {
			return err
		}
	}
	for _, np := range nodePorts {
		host, node, ok := strings.Cut(np, "=")
		if !ok {
			return fmt.Errorf("--node-port %s: HOSTPORT=NODEPORT", np)
		}
		if err := a.fromHost(host, "node :"+node, func() (net.Conn, error) {
			return a.dialNode(net.JoinHostPort("127.0.0.1", node), 5*time.Second)
		}); err != nil {
			return err
		}
	}
	return nil
}

// fromHost forwards the host's loopback port to what dial connects to.
func (a *agent) fromHost(port, what string, dial func() (net.Conn, error)) error {
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		return err
	}
	forward(a.ctx, what, l, dial)
	return nil
}

// gatewayIP: the IP of a ready ingress gateway pod
func (a *agent) gatewayIP() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, p := range a.pods {
		p.mu.Lock()
		ok := p.spec.Labels["istio"] == "ingressgateway" && p.ready[proxyContainer] && !p.stopping
		p.mu.Unlock()
		if ok {
			return p.ip
		}
	}
	return ""
}

// kubernetesEndpoints gives the kubernetes Service the node's address as its endpoint (kube-apiserver runs with
// --endpoint-reconciler-type=none on loopback), so that pods reach the API server through their sidecars as in a
// cluster.
func (a *agent) kubernetesEndpoints() error {
	endpoints := &corev1.Endpoints{ObjectMeta: metav1.ObjectMeta{Name: "kubernetes", Namespace: "default"},
		Subsets: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{{IP: a.nodeIP}},
			Ports: []corev1.EndpointPort{{Name: "https", Port: 443, Protocol: corev1.ProtocolTCP}}}}}
	_, err := a.kube.CoreV1().Endpoints("default").Create(a.ctx, endpoints, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		_, err = a.kube.CoreV1().Endpoints("default").Update(a.ctx, endpoints, metav1.UpdateOptions{})
	}
	return err
}

// writeNameFiles: the pod's /etc/hosts and /etc/resolv.conf (ip netns exec puts /etc/netns/NAME/* over /etc/*): every
// Service's cluster IP under the names cluster DNS gives it, the short name for the pod's own namespace. There is no
// DNS server: the names outside the cluster that a lesson calls (--outside-name) get the node's address, where no port
// but the API server's 443 listens, so that a call Envoy let out would still end inside the data plane's network.
func (a *agent) writeNameFiles(netns, namespace, pod, ip string) error {
	dir := "/etc/netns/" + netns
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	resolv := "search " + namespace + ".svc.cluster.local svc.cluster.local cluster.local\nnameserver 127.0.0.1\n" +
		"options ndots:5\n"
	if err := os.WriteFile(dir+"/resolv.conf", []byte(resolv), 0o644); err != nil {
		return err
	}
	return a.writeHosts(dir+"/hosts", namespace, pod, ip)
}

func (a *agent) writeHosts(path, namespace, pod, ip string) error {
	lines := []string{"127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback", ip + "\t" + pod}
	if a.services != nil {
		services, _ := a.services.List(labels.Everything())
		sort.Slice(services, func(i, j int) bool {
			return services[i].Namespace+"/"+services[i].Name < services[j].Namespace+"/"+services[j].Name
		})
		for _, s := range services {
			if s.Spec.ClusterIP == "" || s.Spec.ClusterIP == corev1.ClusterIPNone {
				continue
			}
			fq := s.Name + "." + s.Namespace
			names := fq + ".svc.cluster.local " + fq + ".svc " + fq
			if s.Namespace == namespace {
				names += " " + s.Name
			}
			lines = append(lines, s.Spec.ClusterIP+"\t"+names)
		}
	}
	if len(a.outsideNames) > 0 {
		lines = append(lines, a.nodeIP+"\t"+strings.Join(a.outsideNames, " "))
	}
	// in place: the file is bind-mounted over /etc/hosts in the pod's processes, a new inode would not be seen
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}

func (a *agent) rewriteNameFiles() {
	a.mu.Lock()
	var pods []*podRun
	for _, p := range a.pods {
		pods = append(pods, p)
	}
	a.mu.Unlock()
	for _, p := range pods {
		path := "/etc/netns/" + p.netns + "/hosts"
		if _, err := os.Stat(path); err == nil {
			if err := a.writeHosts(path, p.ns, p.name, p.ip); err != nil {
				log.Print(err)
			}
		}
	}
}
