# Sourced by the scripts, run from the repository's root: the services of services.txt and what their poms say.

# services: one line a service: module local-port
services() {
  sed -e 's/#.*//' -e '/^[[:space:]]*$/d' services.txt
}

# service_modules [SEPARATOR]: the modules, on one line
service_modules() {
  services | awk -v sep="${1:- }" '{ printf "%s%s", (NR > 1 ? sep : ""), $1 } END { print "" }'
}

# pom_property MODULE NAME: a property of the module's pom, e.g. image.name
pom_property() {
  sed -n "s:.*<$2>\(.*\)</$2>.*:\1:p" "$1/pom.xml" | head -n 1
}

# service_image MODULE: the image the module builds, without the registry, e.g. forecast:v2
service_image() {
  echo "$(pom_property "$1" image.name):$(pom_property "$1" image.version-label)"
}
