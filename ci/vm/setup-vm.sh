#!/bin/bash
# ci/vm/setup-vm.sh — builds what run-in-vm.sh boots (kernel, modules, initramfs) into a cache
# outside the repository, without installing a kernel on the host. ci/setup runs it once.
#   VM_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/zeropipe-vm (default)   cache dir, all output goes here
#   VM_KMETA=linux-image-6.12-amd64    Debian kernel metapackage (bookworm-security: 6.12.x with udmabuf + dma-heap
#                                      built in; "linux-image-amd64" = 6.1.x has neither)
#   VM_BUILD_M2M=1                     build v4l2-mem2mem + vicodec + vim2m out of tree (Debian disables them)
# Host packages: qemu-system-x86 kmod cpio xz-utils gcc-12 make binutils (and, for the guest, which uses the
# host's / as its root: the JDK, v4l-utils, mesa-utils ...).
set -euo pipefail
VM_DIR=${VM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/zeropipe-vm}
KMETA=${VM_KMETA:-linux-image-6.12-amd64}
BUILD_M2M=${VM_BUILD_M2M:-1}
mkdir -p "$VM_DIR/dl"
cd "$VM_DIR"

KIMG=$(apt-cache depends "$KMETA" | awk '/Depends: linux-image-/{print $2; exit}')
KREL=${KIMG#linux-image-}
KVER=$(apt-cache policy "$KIMG" | awk '/Candidate:/{print $2}')
echo "kernel package $KIMG version $KVER"
PKGS=("$KIMG" busybox-static)
if [ "$BUILD_M2M" = 1 ]; then
  HDRS=$(apt-cache depends "linux-headers-$KREL" | awk '/Depends: linux-(headers|kbuild)-/{print $2}' | sort -u)
  SRC="linux-source-$(echo "$KREL" | cut -d. -f1,2)"
  PKGS+=("linux-headers-$KREL" $HDRS "$SRC=$KVER")
fi
NEED=(); for p in "${PKGS[@]}"; do ls dl/"${p%%=*}"_*.deb >/dev/null 2>&1 || NEED+=("$p"); done
[ ${#NEED[@]} = 0 ] || (cd dl && apt-get download "${NEED[@]}" 2>&1 | { grep -v '^W: Download is performed unsandboxed' || true; })

rm -rf kernel bb kbuild src && mkdir -p kernel bb kbuild src
dpkg -x dl/"$KIMG"_*.deb kernel
dpkg -x dl/busybox-static_*.deb bb
MODDIR=$VM_DIR/kernel/lib/modules/$KREL
depmod -b kernel "$KREL"

EXTRA=()
if [ "$BUILD_M2M" = 1 ]; then
  for p in "linux-headers-$KREL" $HDRS; do dpkg -x dl/"$p"_*.deb kbuild; done
  HDIR=$VM_DIR/kbuild/usr/src/linux-headers-$KREL
  # the arch headers' Makefile includes the common one by absolute path under /usr/src
  sed -i "s|^include /usr/src/|include $VM_DIR/kbuild/usr/src/|" "$HDIR/Makefile"
  dpkg -x dl/"$SRC"_*.deb src
  T=src/usr/src/$SRC.tar.xz
  tar -xJf "$T" -C src --wildcards "$SRC/drivers/media/test-drivers/vicodec/*" \
      "$SRC/drivers/media/test-drivers/vim2m.c" "$SRC/drivers/media/v4l2-core/v4l2-mem2mem.c"
  rm -f "$T"
  mkdir -p m2m && rm -f m2m/*
  cp src/$SRC/drivers/media/v4l2-core/v4l2-mem2mem.c src/$SRC/drivers/media/test-drivers/vim2m.c \
     src/$SRC/drivers/media/test-drivers/vicodec/*.[ch] m2m/
  printf 'obj-m := v4l2-mem2mem.o vicodec.o vim2m.o\nvicodec-objs := vicodec-core.o codec-fwht.o codec-v4l2-fwht.o\n' > m2m/Kbuild
  # CONFIG_DEBUG_INFO_BTF_MODULES= : skip BTF generation (would need pahole from the dwarves package)
  make -s -C "$HDIR" M="$VM_DIR/m2m" CONFIG_DEBUG_INFO_BTF_MODULES= -j"$(nproc)" modules
  EXTRA=(m2m/v4l2-mem2mem.ko m2m/vicodec.ko m2m/vim2m.ko)
fi

# ---------------- initramfs ----------------
ST=$(mktemp -d "$VM_DIR/initramfs.XXXXXX")
trap 'rm -rf "$ST"' EXIT
mkdir -p "$ST"/{bin,dev,proc,sys,tmp,etc,newroot,lib/modules/$KREL}
cp bb/bin/busybox "$ST/bin/busybox"
# modules to load, in this order (deps are resolved by busybox modprobe from modules.dep);
# options can also be given on the kernel command line: run-in-vm.sh -a "vivid.n_devs=2"
cat > "$ST/etc/vm-modules" <<'EOF'
virtio_pci
9pnet_virtio
9p
overlay
vivid
vgem
udmabuf
vicodec
vim2m
EOF
want=""
add_mod() {  # add a module of the kernel package and its dependencies
  local p rel
  p=$(modinfo -b kernel -k "$KREL" -n "$1" 2>/dev/null || true)
  case "$p" in ""|*builtin*) return 0;; esac
  rel=${p#$MODDIR/}
  want="$want $rel $(grep "^$rel:" "$MODDIR/modules.dep" | cut -d: -f2 || true)"
}
while read -r m _; do add_mod "$m"; done < "$ST/etc/vm-modules"
for ko in "${EXTRA[@]+"${EXTRA[@]}"}"; do
  for m in $(modinfo -F depends "$ko" | tr ',' ' '); do add_mod "$m"; done
  mkdir -p "$ST/lib/modules/$KREL/extra"
  strip --strip-debug -o "$ST/lib/modules/$KREL/extra/$(basename "$ko")" "$ko"
done
for rel in $(echo $want | tr ' ' '\n' | sort -u); do
  dst="$ST/lib/modules/$KREL/${rel%.xz}"
  mkdir -p "$(dirname "$dst")"
  case "$rel" in *.xz) xz -dc "$MODDIR/$rel" > "$dst";; *) cp "$MODDIR/$rel" "$dst";; esac
done
cp "$MODDIR"/modules.builtin* "$MODDIR"/modules.order "$ST/lib/modules/$KREL/"
depmod -b "$ST" "$KREL"

cat > "$ST/init" <<'INIT'
#!/bin/busybox sh
# PID 1 in the guest: load modules, mount the host's / (9p, read-only) under a tmpfs overlay as the root, run the command.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
arg() { sed -n "s/.*\bvm_$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
log() { echo "[vm-init $(cut -d' ' -f1 /proc/uptime)] $*" > /dev/ttyS0; }
OUT=/dev/ttyS1                        # 2nd serial port = the command's output channel (qemu stdio)
stty -F $OUT raw -echo 2>/dev/null    # no \n -> \r\n translation
while read -r m opts; do
  [ -z "$m" ] && continue
  [ -d /sys/module/$(echo $m | tr - _) ] && continue          # built in or already loaded
  modprobe "$m" $opts 2>/tmp/err || log "modprobe $m failed: $(cat /tmp/err)"
done < /etc/vm-modules
R=/newroot
mkdir -p /lower /rw
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 hostroot /lower || { log "mount hostroot failed"; poweroff -f; }
# writable root: overlay (host / read-only below, tmpfs above; writes are discarded at exit)
mount -t tmpfs -o mode=755 rw /rw && mkdir -p /rw/upper /rw/work
if ! mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work overlay $R 2>/tmp/err; then
  log "overlay failed ($(cat /tmp/err)), using the read-only 9p root + tmpfs dirs"
  mount --move /lower $R
  for d in /tmp /var/tmp /run /root; do mount -t tmpfs -o mode=1777 tmp $R$d; done
fi
mount -t proc proc $R/proc
mount -t sysfs sys $R/sys
mount -t devtmpfs dev $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmp $R/dev/shm
grep -q " $R/tmp " /proc/mounts || mount -t tmpfs -o mode=1777 tmp $R/tmp
WORK=$(arg work); CMDDIR=$(arg cmddir)
mkdir -p /cmd "$R$WORK" "$R$CMDDIR" 2>/dev/null
mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize=512000 cmd /cmd || { log "mount cmd share failed"; poweroff -f; }
mount -t 9p -o trans=virtio,version=9p2000.L,cache=none,msize=512000 work "$R$WORK" || log "mount work share at $WORK failed"
mount --bind /cmd "$R$CMDDIR" || log "bind $CMDDIR failed"
cut -d' ' -f1 /proc/uptime > /cmd/ready_uptime
log "ready"
chroot $R /bin/sh -c "cd '$WORK'; export HOME=/root TMPDIR=/tmp XDG_RUNTIME_DIR=/tmp PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; . '$CMDDIR/env.sh'; exec /bin/sh '$CMDDIR/cmd.sh'" < /dev/null > $OUT 2>&1
RC=$?
echo $RC > /cmd/exitcode
sync
echo "VM-EXIT-CODE=$RC" > /dev/ttyS0
poweroff -f
INIT
chmod +x "$ST/init"
(cd "$ST" && find . | cpio -o -H newc --quiet | gzip -1) > initramfs.cpio.gz
ln -sfn "$(ls kernel/boot/vmlinuz-*)" vmlinuz
echo "ready: $VM_DIR/vmlinuz ($KREL), $VM_DIR/initramfs.cpio.gz ($(du -h initramfs.cpio.gz | cut -f1), $(find "$ST/lib/modules" -name '*.ko' | wc -l) modules)"
