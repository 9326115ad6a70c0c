/** V4L2 devices through FFM ioctls: capture, output, mem2mem. Built by the V4L2 issue. */
package org.zeropipe.v4l2;
