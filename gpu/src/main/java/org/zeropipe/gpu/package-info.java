/** OpenGL (EGL), Vulkan and OpenCL memory and elements; interop with DMABuf. Built by the GPU issues. */
package org.zeropipe.gpu;
